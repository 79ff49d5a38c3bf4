from django.core.management.base import BaseCommand

from participants import reminders


class Command(BaseCommand):
    help = (
        "Remind pending invitees whose link expires within --days days; each "
        "invitee is reminded once. Pending invitations past their date are marked "
        "expired. Run it daily (cron or a scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, **options):
        days = options["days"]
        count = reminders.send_reminders(days_before=days)
        not_sent = {} if count else reminders.waiting_without_reminder(days_before=days)
        self.stdout.write(
            reminders.describe_reminders(
                sent=count, not_sent=not_sent, days_before=days, verb="queued"
            )
        )
