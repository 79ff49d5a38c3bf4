from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from participants import invitations


class Command(BaseCommand):
    help = (
        "Remind pending invitees whose link expires within --days days; each "
        "invitee is reminded once. Pending invitations past their date are marked "
        "expired. Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, **options):
        count = invitations.send_reminders(days_before=options["days"])
        self.stdout.write(
            ngettext("%(count)d reminder queued.", "%(count)d reminders queued.", count)
            % {"count": count}
        )
