from django.core.management.base import BaseCommand

from articles import covers, selectors_engagement


class Command(BaseCommand):
    help = "Make the responsive thumbnails of every article cover that lacks them (covers stored before they existed)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Remake thumbnails that exist too.")

    def handle(self, *args, force: bool = False, **options) -> None:
        made = 0
        for name in selectors_engagement.cover_names():
            made += len(covers.thumbnails_make(name, force=force))
        self.stdout.write(f"Cover thumbnails: {made} made")
