"""participants.dashboard: the event desk's counts."""

import datetime

from participants import dashboard
from participants.models import BreakoutBooking, CheckIn, Invitation, Registration
from programme.models import Session
from roundtable import clock
from tests.factories import InvitationFactory, RegistrationFactory, UserFactory
from tests.factories.area import breakout, confirmed_registration

Status = Invitation.Status


def test_funnel_counts_each_stage_and_each_way_out(event_page, other_event):
    past = clock.now() - datetime.timedelta(days=1)
    InvitationFactory.create_batch(2, event=event_page)  # not answered yet
    InvitationFactory(event=event_page, expires_at=past)  # past its date, unmarked
    InvitationFactory(event=event_page, status=Status.EXPIRED, expires_at=past)
    InvitationFactory(event=event_page, status=Status.DECLINED)
    InvitationFactory(event=event_page, status=Status.REVOKED)
    InvitationFactory(event=event_page, status=Status.ACCEPTED)  # no account
    with_account = InvitationFactory(event=event_page, status=Status.ACCEPTED)
    UserFactory(email=with_account.email.upper())  # addresses match in any case
    for status in Registration.Status.values:
        RegistrationFactory(invitation__event=event_page, status=status)
    RegistrationFactory(invitation__event=event_page)  # a second confirmed
    RegistrationFactory(invitation__event=other_event)  # not this event's

    funnel = dashboard.funnel(event=event_page)

    assert funnel.stages == [
        ("invited", "Invited", 13),
        ("accepted", "Accepted", 7),
        ("account", "Created an account", 6),
        ("registered", "Registered", 3),
        ("awaiting_approval", "Awaiting approval", 1),
        ("confirmed", "Confirmed", 2),
    ]
    assert funnel.exits == [
        ("awaiting_answer", "Not answered yet", 2),
        ("declined", "Declined", 1),
        ("revoked", "Revoked", 1),
        ("expired", "Expired", 2),
        ("cancelled", "Registration cancelled", 1),
        ("rejected", "Registration rejected", 1),
    ]


def test_funnel_of_an_event_with_nobody_is_all_zero(event_page):
    funnel = dashboard.funnel(event=event_page)
    assert [count for _key, _label, count in funnel.stages + funnel.exits] == [0] * 12


def two_day(event):
    event.end_date = event.start_date + datetime.timedelta(days=1)
    event.save()
    return event.start_date, event.end_date


def test_needs_by_day_groups_the_same_words_and_names_the_people(event_page):
    first, second = two_day(event_page)
    both = [first.isoformat(), second.isoformat()]
    confirmed_registration(
        event=event_page,
        days=both,
        dietary="Vegetarian",
        access_needs="Step-free  access",
        user__first_name="Ana",
        user__last_name="Reyes",
    )
    confirmed_registration(
        event=event_page,
        days=[second.isoformat()],
        dietary=" vegetarian ",
        user__first_name="Bo",
        user__last_name="Chan",
    )
    confirmed_registration(
        event=event_page,
        days=[first.isoformat()],
        dietary="Halal",
        user__first_name="Cy",
        user__last_name="Lim",
    )
    RegistrationFactory(
        invitation__event=event_page,
        status=Registration.Status.PENDING_APPROVAL,
        days=both,
        dietary="Vegan",
    )

    days = dashboard.needs_by_day(event=event_page)

    assert days == [
        dashboard.DayNeeds(
            day=first,
            attending=2,
            dietary=(
                dashboard.Need(text="Halal", names=("Cy Lim",)),
                dashboard.Need(text="Vegetarian", names=("Ana Reyes",)),
            ),
            access=(dashboard.Need(text="Step-free access", names=("Ana Reyes",)),),
        ),
        dashboard.DayNeeds(
            day=second,
            attending=2,
            dietary=(
                dashboard.Need(text="Vegetarian", names=("Bo Chan", "Ana Reyes")),
            ),
            access=(dashboard.Need(text="Step-free access", names=("Ana Reyes",)),),
        ),
    ]


def test_check_ins_by_day_counts_expected_and_arrived(event_page):
    first, second = two_day(event_page)
    ana = confirmed_registration(
        event=event_page, days=[first.isoformat(), second.isoformat()]
    )
    bo = confirmed_registration(event=event_page, days=[first.isoformat()])
    RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.CANCELLED
    )
    CheckIn.objects.create(registration=ana, day=first)
    CheckIn.objects.create(registration=bo, day=first)
    CheckIn.objects.create(registration=ana, day=second)

    assert dashboard.check_ins_by_day(event=event_page) == [
        dashboard.DayCheckIns(day=first, expected=2, checked_in=2),
        dashboard.DayCheckIns(day=second, expected=1, checked_in=1),
    ]


def test_breakout_fill_counts_seats_and_leaves_out_cancelled_and_autosaves(
    event_page,
):
    full = breakout(event=event_page, title="Full", capacity=1)
    breakout(event=event_page, title="Cancelled", status=Session.Status.CANCELLED)
    ghost = breakout(event=event_page, title="Autosave", hour=16, publish=False)
    Session.objects.filter(pk=ghost.pk).update(explicitly_saved=False)
    draft = breakout(event=event_page, title="Draft", hour=16, publish=False)
    for status in [
        BreakoutBooking.Status.CONFIRMED,
        BreakoutBooking.Status.WAITLISTED,
        BreakoutBooking.Status.WAITLISTED,
        BreakoutBooking.Status.CANCELLED,
    ]:
        BreakoutBooking.objects.create(
            session=full,
            registration=confirmed_registration(event=event_page),
            status=status,
        )

    rows = [
        (session.title, session.confirmed_count, session.waitlist_count)
        for session in dashboard.breakout_fill(event=event_page)
    ]

    assert rows == [("Full", 1, 2), (draft.title, 0, 0)]


def test_event_counts_for_several_events_in_two_queries(
    event_page, other_event, django_assert_num_queries
):
    InvitationFactory(event=event_page, status=Status.DECLINED)
    RegistrationFactory(invitation__event=event_page)
    RegistrationFactory(
        invitation__event=other_event, status=Registration.Status.PENDING_APPROVAL
    )

    with django_assert_num_queries(2):
        counts = dashboard.event_counts(events=[event_page, other_event])

    assert counts == {
        event_page.pk: {
            "invited": 2,
            "accepted": 1,
            "declined": 1,
            "awaiting_approval": 0,
            "confirmed": 1,
        },
        other_event.pk: {
            "invited": 1,
            "accepted": 1,
            "declined": 0,
            "awaiting_approval": 1,
            "confirmed": 0,
        },
    }
