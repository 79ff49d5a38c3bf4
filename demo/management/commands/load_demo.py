from django.core.management.base import BaseCommand

from demo import loader


class Command(BaseCommand):
    help = (
        "Build the demo site around the 2014 trafficking-in-persons roundtable. "
        "Idempotent: what exists already is left as it is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-organiser-password",
            action="store_true",
            help="Give the demo organiser account a new generated password.",
        )

    def handle(self, *args, **options):
        loader.load(
            out=self.stdout,
            style=self.style,
            reset_organiser_password=options["reset_organiser_password"],
        )
