"""The programme page's sessions as display data, in two queries.

The programme lists every published session with its chairs and speakers.
Loading them as Session instances (a clusterable model with revision machinery),
prefetching their roles as instances and rendering an include per card cost more
than the rest of the page together. Here each session is a plain dict whose
times, labels and address are worked out once, in Python; the template only
prints them. The dict's keys are the model's field and property names, and
what is derived from the fields comes from `programme.facts`, as the model's
properties do: a session has one shape (`tests/programme/test_listing.py`).
"""

from functools import cache

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language

from programme import facts
from programme.models import Session, SessionChange, SessionRole
from programme.models.snippets import organisation_display_name, person_full_name
from roundtable.formatting import format_day

SESSION_FIELDS = (
    "pk",
    "slug",
    "title",
    "kind",
    "status",
    "visibility",
    "start",
    "end",
    "room",
    "capacity",
    "description",
    "theme__title",
)
ROLE_FIELDS = (
    "session_id",
    "role",
    "person__honorific",
    "person__name",
    "person__is_fictional",
    "person__organisation__name",
    "person__organisation__short_name",
)


@cache
def choice_labels(choices, language):
    """{value: label} of a choices class, translated into `language`.

    Call it with the active language. Looking a label up in every installed
    app's catalogue is slow, and the catalogues don't change while we run, so
    each table is worked out once per language.
    """
    return {value: str(label) for value, label in choices.choices}


def programme_sessions(*, event, programme_url, session_path, show_private):
    """The event's live sessions in programme order, each a dict of what its card shows.

    `show_details` says whether the session's roles and description may be shown
    to this viewer; `roles` is empty when they may not. A session's address is
    `programme_url` (the page's, read once) and `session_path(slug)`, its route.
    """
    rows = (
        Session.objects.filter(event=event, live=True)
        .annotate(
            has_changes=Exists(SessionChange.objects.filter(session=OuterRef("pk")))
        )
        .order_by("start", "room", "title")
        .values(*SESSION_FIELDS, "has_changes")
    )
    kind_labels = choice_labels(Session.Kind, get_language())
    # What the `date:"c"` filter converts to: the active time zone.
    current_tz = timezone.get_current_timezone()
    sessions = []
    for row in rows:
        local_start = row["start"].astimezone(event.tzinfo)
        sessions.append(
            {
                **row,
                "facts": facts.session_facts(
                    kind_labels[row["kind"]], row["room"], row["capacity"]
                ),
                "is_cancelled": facts.is_cancelled(row["status"]),
                "css_class": facts.session_css_class(row["kind"], row["status"]),
                "show_details": facts.shows_details(
                    row["visibility"], show_private=show_private
                ),
                "url": programme_url + session_path(row["slug"]),
                "local_day": local_start.date(),
                "start_time": f"{local_start:%H:%M}",
                "end_time": f"{row['end'].astimezone(event.tzinfo):%H:%M}",
                # The `datetime` attribute, as the `date:"c"` filter wrote it.
                "start_iso": row["start"].astimezone(current_tz).isoformat(),
                "end_iso": row["end"].astimezone(current_tz).isoformat(),
                "roles": [],
            }
        )
    _add_roles([s for s in sessions if s["show_details"]])
    return sessions


def by_day(sessions):
    """[(day, [slot, ...])] where a slot is the sessions that start together.

    A day is its date written out, such as "Thursday 26 June 2014".
    """
    days = {}
    for session in sessions:
        slots = days.setdefault(session["local_day"], {})
        slots.setdefault(session["start"], []).append(session)
    return [(format_day(day), list(slots.values())) for day, slots in days.items()]


def _add_roles(sessions):
    """Fill in the roles of `sessions`, in their editors' order, with one query."""
    if not sessions:
        return
    by_pk = {session["pk"]: session for session in sessions}
    role_labels = choice_labels(SessionRole.Role, get_language())
    rows = (
        SessionRole.objects.filter(session__in=list(by_pk))
        .order_by("sort_order", "pk")
        .values_list(*ROLE_FIELDS)
    )
    for session_id, role, honorific, name, fictional, org_name, org_short in rows:
        by_pk[session_id]["roles"].append(
            {
                "label": role_labels[role],
                "name": person_full_name(honorific, name),
                "is_fictional": fictional,
                "organisation": org_name
                and organisation_display_name(org_name, org_short),
            }
        )


SPEAKER_ROLE_FIELDS = (
    "role",
    "person_id",
    "person__honorific",
    "person__name",
    "person__position",
    "person__is_fictional",
    "person__organisation__name",
    "person__organisation__short_name",
    "session__slug",
    "session__title",
    "session__start",
)


def speakers(*, event, show_private):
    """The people with a role in the event's live sessions, by name, in one query.

    Each is a dict of what the speaker page shows, with `roles` in programme
    order. Roles in sessions for participants only are left out unless the
    viewer may see them.
    """
    roles = SessionRole.objects.filter(session__event=event, session__live=True)
    if not show_private:
        roles = roles.exclude(session__visibility=Session.Visibility.PARTICIPANTS)
    rows = roles.order_by(
        "session__start",
        "session__room",
        "session__title",
        "session_id",
        "sort_order",
        "pk",
    ).values_list(*SPEAKER_ROLE_FIELDS)
    role_labels = choice_labels(SessionRole.Role, get_language())
    people = {}
    for (
        role,
        person_id,
        honorific,
        name,
        position,
        fictional,
        org_name,
        org_short,
        slug,
        title,
        start,
    ) in rows:
        person = people.get(person_id)
        if person is None:
            person = people[person_id] = {
                "name": name,
                "full_name": person_full_name(honorific, name),
                "position": position,
                "is_fictional": fictional,
                "organisation": org_name
                and organisation_display_name(org_name, org_short),
                "roles": [],
            }
        local_start = start.astimezone(event.tzinfo)
        person["roles"].append(
            {
                "label": role_labels[role],
                "slug": slug,
                "title": title,
                "day": format_day(local_start),
                "time": f"{local_start:%H:%M}",
            }
        )
    return sorted(people.values(), key=lambda person: person["name"])
