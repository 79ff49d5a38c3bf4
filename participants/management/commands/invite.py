from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from participants import errors, imports, invitations
from participants.models import Invitation
from participants.spreadsheets import read_invitation_csv
from roundtable.models import EventPage


class Command(BaseCommand):
    help = (
        "Invite people to an event: one (--email, --name) or a CSV file with the "
        "columns name, email, organisation, kind. A CSV with any bad row invites "
        "nobody."
    )

    def add_arguments(self, parser):
        parser.add_argument("--event", required=True, help="the event page's slug")
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--csv", type=Path, help="a CSV file with a header row")
        source.add_argument("--email")
        parser.add_argument("--name", help="required with --email")
        parser.add_argument("--organisation", default="")
        parser.add_argument(
            "--kind", default="participant", choices=Invitation.Kind.values
        )

    def handle(self, *args, **options):
        event = EventPage.objects.filter(slug=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with the slug “{options['event']}”.")
        if options["csv"]:
            self.import_csv(event, options["csv"])
        else:
            if not options["name"]:
                raise CommandError("--name is required with --email.")
            try:
                invitation = invitations.invite(
                    event=event,
                    email=options["email"],
                    name=options["name"],
                    organisation=options["organisation"],
                    kind=options["kind"],
                )
            except errors.InvitationError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"Invited {invitation}.")

    def import_csv(self, event, path):
        try:
            rows = read_invitation_csv(path.read_bytes())
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        checked = imports.check_import(event=event, rows=rows)
        problems = [(row, problem) for row, problem in checked if problem]
        if problems:
            for row, problem in problems:
                self.stderr.write(f"Line {row['line']} ({row['email']}): {problem}")
            raise CommandError(
                ngettext(
                    "%(count)d row has a problem; nobody invited.",
                    "%(count)d rows have problems; nobody invited.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        invited = imports.import_invitations(event=event, rows=rows)
        self.stdout.write(
            ngettext(
                "Invited %(count)d person to %(event)s.",
                "Invited %(count)d people to %(event)s.",
                len(invited),
            )
            % {"count": len(invited), "event": event.title}
        )
