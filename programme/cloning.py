"""Duplicating an event as a new one: its pages, settings and programme, no people.

A roundtable series runs much the same meeting each year. `clone_event` makes
the next one from the last in one step: a new, unpublished event page with the
original's organisers, aims, themes, registration settings and illustrative
note; its programme and speakers pages; and its sessions, moved to the new
dates at the same local times, as drafts (without their materials: this year's
pre-reads are not next year's, and may be private to this year's participants).
Nothing about people carries over: no invitations, registrations, bookings or
check-ins (they belong to the original's rows and are never read here), a
participant group of its own (`EventPage.save`) and a fresh participants' area
with no pre-reads.

Wagtail's `Page.copy` copies the event page with its inline parts, and each
programme page on its own. The copy is not recursive: a recursive copy would
carry the participants' area page with the original's private collection (its
pre-reads) to the new event. The area is the participants' concern; they make
a fresh one when told of the clone through the `EVENT_CLONED_HOOK` hook.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail import hooks
from wagtail.models import PageViewRestriction

from programme import services
from programme.models import ProgrammePage, Session, SpeakerIndexPage
from roundtable.models import EventPage

# Called as fn(original=..., event=..., user=...) once the clone is made,
# inside its transaction: apps add what belongs to them under the new event.
EVENT_CLONED_HOOK = "roundtable_event_cloned"

# The event's pages of this app that a clone copies (content, not people).
COPIED_CHILD_PAGES = (ProgrammePage, SpeakerIndexPage)

# Fields a copy starts afresh: scheduled publishing, locks and the search
# engines' title belong to the original.
RESET_FIELDS = {
    "seo_title": "",
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
    "locked": False,
    "locked_at": None,
    "locked_by": None,
}


def clone_last_day(event, start_date):
    """The last day of a clone of `event` that starts on `start_date`."""
    return start_date + (event.end_date - event.start_date)


def shift_local(moment, *, days, tzinfo):
    """`moment` moved by `days` days, at the same wall-clock time in `tzinfo`."""
    if moment is None:
        return None
    local = timezone.localtime(moment, tzinfo)
    return datetime.combine(
        local.date() + timedelta(days=days), local.time(), tzinfo=tzinfo
    )


def sessions_to_copy(event):
    """The sessions a clone copies: those that count, less the cancelled ones.

    An autosaved draft nobody saved (`services.counted`) is not part of the
    programme; a cancelled session did not happen and is not planned again.
    """
    return (
        services.counted(Session.objects.filter(event=event))
        .exclude(status=Session.Status.CANCELLED)
        .prefetch_related("roles")
        .order_by("start", "room", "title", "pk")
    )


def check_clone(*, event, title, start_date, end_date, slug):
    """Raise ValidationError, by field, for a clone that cannot be made."""
    errors = {}
    if not title.strip():
        errors["title"] = "Give the new event a title."
    if end_date < start_date:
        errors["end_date"] = "The event cannot end before it starts."
    else:
        sessions = list(sessions_to_copy(event).only("start", "end"))
        if sessions:
            last = max(timezone.localtime(s.end, event.tzinfo) for s in sessions)
            needed = (last.date() - event.start_date).days + 1
            if (end_date - start_date).days + 1 < needed:
                errors["end_date"] = (
                    f"The programme runs over {needed} days; the new event must "
                    f"last at least as long."
                )
    if not slug:
        errors["slug"] = "Give the new event an address (slug)."
    elif EventPage.objects.child_of(event.get_parent()).filter(slug=slug).exists():
        errors["slug"] = (
            f"Another event already uses the address “{slug}”; choose another."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def clone_event(*, event, title, start_date, end_date=None, slug=None, user=None):
    """Make a new event from `event`, starting on `start_date`; return it.

    The new event page is an unpublished draft beside the original, with its
    programme and speakers pages and its participants' area, all drafts. Its
    sessions are the original's (`sessions_to_copy`) moved by whole days to
    the new dates at the same local times, as drafts with new UIDs and
    SEQUENCE 0, the same rooms, kinds, visibility, capacity and roles, and the
    copied themes. `end_date` defaults to the original's length. Raises
    ValidationError (nothing changed) if the title, dates or address are wrong.
    """
    title = title.strip()
    end_date = end_date or clone_last_day(event, start_date)
    slug = slug or slugify(title)
    check_clone(
        event=event, title=title, start_date=start_date, end_date=end_date, slug=slug
    )
    days = (start_date - event.start_date).days
    tzinfo = event.tzinfo
    new_event = event.copy(
        to=event.get_parent(),
        recursive=False,
        keep_live=False,
        copy_revisions=False,
        user=user,
        update_attrs={
            **RESET_FIELDS,
            "title": title,
            "draft_title": title,
            "slug": slug,
            "start_date": start_date,
            "end_date": end_date,
            "registration_opens_at": shift_local(
                event.registration_opens_at, days=days, tzinfo=tzinfo
            ),
            "registration_closes_at": shift_local(
                event.registration_closes_at, days=days, tzinfo=tzinfo
            ),
        },
    ).specific
    _give_restrictions_to_new_group(original=event, event=new_event)
    _copy_programme_pages(original=event, event=new_event, user=user)
    for fn in hooks.get_hooks(EVENT_CLONED_HOOK):
        fn(original=event, event=new_event, user=user)
    _copy_sessions(original=event, event=new_event, days=days, user=user)
    return new_event


def _give_restrictions_to_new_group(*, original, event):
    """A copied view restriction that named the original's participants names
    the new event's instead: they are not the same people."""
    old, new = original.participant_group_id, event.participant_group_id
    if old is None:
        return
    for restriction in PageViewRestriction.objects.filter(page=event, groups=old):
        restriction.groups.remove(old)
        restriction.groups.add(new)


def _copy_programme_pages(*, original, event, user):
    """Copy the programme and speakers pages as drafts; add any it lacks."""
    for child in original.get_children().type(*COPIED_CHILD_PAGES).specific():
        child.copy(
            to=event,
            recursive=False,
            keep_live=False,
            copy_revisions=False,
            user=user,
            update_attrs=dict(RESET_FIELDS),
        )
    services.add_event_pages(event=event, user=user)


def _copy_sessions(*, original, event, days, user):
    """The original's sessions under `event`, through the session service."""
    themes = dict(
        zip(
            original.themes.order_by("sort_order", "pk").values_list("pk", flat=True),
            event.themes.order_by("sort_order", "pk").values_list("pk", flat=True),
            strict=True,
        )
    )
    tzinfo = event.tzinfo
    return [
        services.create_session(
            event=event,
            roles=[(role.person, role.role) for role in session.roles.all()],
            user=user,
            publish=False,
            title=session.title,
            slug=session.slug,
            kind=session.kind,
            theme_id=themes.get(session.theme_id),
            start=shift_local(session.start, days=days, tzinfo=tzinfo),
            end=shift_local(session.end, days=days, tzinfo=tzinfo),
            room=session.room,
            description=session.description,
            visibility=session.visibility,
            attribution=session.attribution,
            capacity=session.capacity,
        )
        for session in sessions_to_copy(original)
    ]
