"""The demo site: the 2014 Consultative Roundtable on trafficking in persons,
its report, and an upcoming sample roundtable to try the participant's journey.

Every step creates what is missing and leaves what exists alone, so running the
loader twice changes nothing.
"""

from django.conf import settings
from django.db import transaction

from demo.event import (
    ensure_event,
    ensure_event_index,
    ensure_home_page,
    ensure_organiser,
    ensure_site_settings,
    ensure_standard_pages,
    ensure_wagtail_roots,
)
from demo.participants import load_area, load_invitations
from demo.programme import load_programme
from demo.reports import load_reports
from demo.sample_event import ensure_sample_event


def load(*, out, style, reset_organiser_password=False):
    """Build every part of the demo that is missing, and report what was done."""
    with transaction.atomic():
        ensure_wagtail_roots()
        home = ensure_home_page()
        ensure_site_settings()
        events = ensure_event_index(home)
        event = ensure_event(events)
        ensure_standard_pages(home)
        load_programme(event)
        load_reports(home, event)
        load_area(event)
        sample = ensure_sample_event(events)
    organiser, password = ensure_organiser(reset_password=reset_organiser_password)

    out.write(style.SUCCESS(f"Demo site ready at {settings.BASE_URL}/"))
    out.write(f"Event: {event.title}, {event.date_range}")
    out.write(f"  {settings.BASE_URL}{event.url}")
    out.write(f"Organiser account (Wagtail admin at /admin/): {organiser.email}")
    if password:
        out.write(style.WARNING(f"Organiser password: {password}"))
    else:
        out.write(
            "Organiser password: unchanged since it was first printed; "
            "run `manage.py load_demo --reset-organiser-password` for a new one."
        )
    out.write(f"Sample event (illustrative): {sample.title}, {sample.date_range}")
    out.write(f"  {settings.BASE_URL}{sample.url}")
    load_invitations(sample, out=out, organiser=organiser)
