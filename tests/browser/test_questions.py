"""The event's questions end to end: an organiser adds registration questions and
reads a registration's answers; a participant answers them, then the feedback
survey after the event; the organiser opens the survey and reads the results.
On a desktop and on a phone, with axe on each new screen."""

import datetime

import pytest
from playwright.sync_api import expect

from demo.event import ensure_wagtail_roots
from participants.models import AnonymousFeedback, Invitation, Registration
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import sign_in
from tests.factories import EventPageFactory, InvitationFactory, UserFactory
from tests.factories.area import confirmed_registration
from tests.factories.questions import feedback_question


def new_page(browser, live_server, width):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS[width]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def no_sideways_scroll(page):
    assert page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def publish(page):
    page.get_by_role("button", name="More actions").click()
    page.locator("button[name=action-publish]").click()
    expect(page.locator(".messages")).to_contain_text("published")


@pytest.fixture
def future_event(transactional_db):
    ensure_wagtail_roots()
    start = datetime.date.today() + datetime.timedelta(days=30)
    return EventPageFactory(
        title="Roundtable on labour migration", start_date=start, end_date=start
    )


@pytest.fixture
def ended_event(transactional_db):
    ensure_wagtail_roots()
    return EventPageFactory(
        title="Roundtable on shelters",
        start_date=datetime.date(2014, 5, 20),
        end_date=datetime.date(2014, 5, 21),
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_adds_questions_and_a_participant_answers_them(
    browser, live_server, future_event, axe, width
):
    organiser = UserFactory(groups=[ensure_organisers_group()])
    context, page = new_page(browser, live_server, width)

    # The organiser adds two questions on the event's Registration tab.
    page.goto(f"/admin/pages/{future_event.pk}/edit/")
    sign_in(page, organiser)
    page.get_by_role("tab", name="Registration").click()
    page.get_by_role("button", name="Add question").click()
    page.locator("[name='registration_questions-0-label']").fill("Your role")
    page.locator("[name='registration_questions-0-required']").check()
    page.get_by_role("button", name="Add question").click()
    page.locator("[name='registration_questions-1-label']").fill("Region")
    page.locator("[name='registration_questions-1-kind']").select_option("choice")
    page.locator("[name='registration_questions-1-choices']").fill("Asia\nEurope")
    publish(page)
    assert [q.label for q in future_event.registration_questions.all()] == [
        "Your role",
        "Region",
    ]
    context.close()

    # The invitee registers: the questions come after the fixed fields.
    invitation = InvitationFactory(
        event=future_event, status=Invitation.Status.ACCEPTED
    )
    person = UserFactory(email=invitation.email)
    context, page = new_page(browser, live_server, width)
    page.goto(f"/my/register/{invitation.pk}/")
    sign_in(page, person)
    questions = page.get_by_role("group", name="Questions from the organisers")
    expect(questions).to_be_visible()
    page.get_by_label("I have read and agree to the privacy notice.").check()
    page.get_by_role("button", name="Register").click()
    # A required question left empty says so beside it.
    expect(page.locator("main")).to_contain_text(
        "Please answer this question: it is required."
    )
    no_sideways_scroll(page)
    axe.check(page)
    page.get_by_label("Your role (required)").fill("Caseworker")
    page.get_by_role("radio", name="Europe").check()
    page.get_by_label("I have read and agree to the privacy notice.").check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=2, name="Your answers")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Caseworker")
    axe.check(page)

    # Changed while registration is open.
    page.get_by_role("link", name="Change your registration").click()
    expect(page.get_by_label("Your role (required)")).to_have_value("Caseworker")
    page.get_by_label("Your role (required)").fill("Legal adviser")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("main")).to_contain_text("Legal adviser")
    context.close()

    # The organiser reads the answers on the registration's screen.
    registration = Registration.objects.get(invitation=invitation)
    context, page = new_page(browser, live_server, width)
    page.goto(f"/admin/participants/registrations/inspect/{registration.pk}/")
    sign_in(page, organiser)
    main = page.locator("main")
    expect(main).to_contain_text("Answers to the event's questions")
    expect(main.locator("dl.answers")).to_contain_text("Your role")
    expect(main.locator("dl.answers")).to_contain_text("Legal adviser")
    expect(main.locator("dl.answers")).to_contain_text("Europe")
    axe.check(page)
    context.close()
    axe.assert_clean()


@pytest.mark.parametrize("width", WIDTHS)
def test_organiser_opens_the_survey_a_participant_answers_and_results_show(
    browser, live_server, ended_event, axe, width
):
    feedback_question(event=ended_event, label="How useful was it?", required=True)
    feedback_question(
        event=ended_event,
        label="Which part helped most?",
        kind="choice",
        choices="Plenary\nBreakouts",
    )
    feedback_question(event=ended_event, label="Anything else?", kind="paragraph")
    registration = confirmed_registration(event=ended_event)
    organiser = UserFactory(groups=[ensure_organisers_group()])

    # The organiser opens the survey on the event's Feedback tab.
    context, page = new_page(browser, live_server, width)
    page.goto(f"/admin/pages/{ended_event.pk}/edit/")
    sign_in(page, organiser)
    page.get_by_role("tab", name="Feedback").click()
    page.locator("[name=feedback_open]").check()
    publish(page)
    assert EventPage.objects.get(pk=ended_event.pk).feedback_open
    organiser_context = context

    # The participant answers from /my/.
    context, page = new_page(browser, live_server, width)
    page.goto("/my/")
    sign_in(page, registration.user)
    page.get_by_role("link", name="Answer the feedback survey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ended_event.title)
    expect(page.locator("main")).to_contain_text("Your answers are anonymous")
    page.get_by_role("button", name="Send your answers").click()
    expect(page.locator("main")).to_contain_text(
        "Please answer this question: it is required."
    )
    no_sideways_scroll(page)
    axe.check(page)
    page.get_by_role("group", name="How useful was it? (required)").get_by_role(
        "radio", name="4"
    ).check()
    page.get_by_role("radio", name="Breakouts").check()
    page.get_by_label("Anything else?").fill("More time for questions.")
    page.get_by_role("button", name="Send your answers").click()
    expect(
        page.get_by_role("heading", name="Thank you for your feedback")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Send your answers")).to_have_count(0)
    axe.check(page)
    page.goto("/my/")
    expect(page.locator("main")).to_contain_text(
        "You have answered the feedback survey: thank you."
    )
    axe.check(page)
    context.close()
    assert AnonymousFeedback.objects.count() == 1

    # The organiser reads the results from the event's desk.
    page = organiser_context.pages[0]
    page.goto(f"/admin/participants/events/{ended_event.pk}/")
    page.get_by_role("link", name="Feedback survey results").click()
    main = page.locator("main")
    expect(main).to_contain_text("1 response")
    useful = page.get_by_role("region", name="How useful was it?")
    expect(useful).to_contain_text("average 4.0 out of 5")
    row = useful.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="4", exact=True)
    )
    expect(row).to_contain_text("1")
    expect(row).to_contain_text("100%")
    expect(page.get_by_role("region", name="Anything else?")).to_contain_text(
        "More time for questions."
    )
    no_sideways_scroll(page)
    axe.check(page)
    organiser_context.close()
    axe.assert_clean()
