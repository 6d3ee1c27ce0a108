"""Admin for moderation, loaded by Django's autodiscovery: importing the modules registers their ModelAdmins. Every
write goes through a service, so that each is validated and audited."""

from . import checks, lexicon, policy, records  # noqa: F401
