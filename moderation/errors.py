"""The one error moderation raises. Its own module, so that selectors, forms and every services module can name it
without importing the services package."""

from core.errors import ApplicationError


class ModerationError(ApplicationError):
    """A refused moderation operation; the message is fit to show the user (status 400, 403 or 429)."""
