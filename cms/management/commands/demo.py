from django.core.management.base import BaseCommand

from cms import demo
from moderation.services import ruleset_load
from moderation.services.lexicon import DEFAULT_LEXICON_CSV, lexicon_import


class Command(BaseCommand):
    help = (
        "Load the rules (`migrate` already ships them), the default lexicon, sample content and one account per "
        "role (reader ... admin). Idempotent."
    )

    def handle(self, *args, **options) -> None:
        password = demo.demo_password()
        ruleset, created = ruleset_load()
        self.stdout.write(f"Rules: {ruleset} ({'loaded' if created else 'already present'})")
        imported = lexicon_import(path=DEFAULT_LEXICON_CSV)
        self.stdout.write(
            f"Lexicon: {imported.created} created, {imported.updated} updated, {imported.unchanged} unchanged"
        )
        accounts = demo.demo_accounts(password=password.value)
        for hook in demo.content_hooks():
            self.stdout.write(hook(accounts))
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password):"))
        for username in accounts:
            self.stdout.write(f"  {username:<12} {password.value}")
        if password.generated:
            self.stdout.write("  (password generated and kept in .demo_password; set DEMO_PASSWORD to choose one)")
