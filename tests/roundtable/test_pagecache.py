"""Whole anonymous pages come from the shared cache and go on every change."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Site,
)

from participants import feeds
from publications.models import ReportPage
from roundtable import pagecache
from roundtable.models import SiteSettings, StandardPage
from tests.factories import (
    CategoryFactory,
    OrganisationFactory,
    ParticipantAreaPageFactory,
    PersonFactory,
    ProgrammePageFactory,
    ReportIndexPageFactory,
    SessionFactory,
    SpeakerIndexPageFactory,
    confirmed_registration,
    pre_read,
)
from tests.programme.conftest import at
from tests.programme.test_admin import session_form
from tests.roundtable.conftest import embargoed_report, end_embargo
from tests.services import connect_redis, redis_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site_settings(db):
    """The settings row exists, as on a running site.

    The first page ever rendered creates it, and that creation purges.
    """
    return SiteSettings.load()


def fetch(client, url, **extra):
    """GET `url`; the status, the X-Cache header (or None) and the text."""
    response = client.get(url, **extra)
    return response.status_code, response.get("X-Cache"), response.content.decode()


def add_page(parent, slug, title):
    page = StandardPage(title=title, slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def about(home_page):
    return add_page(home_page, "about", "About the series")


@pytest.fixture
def programme_page(event_page):
    return ProgrammePageFactory(parent=event_page)


def test_second_anonymous_get_is_a_hit_without_queries(
    client, about, django_assert_num_queries
):
    first = client.get("/about/")
    with django_assert_num_queries(0):
        second = client.get("/about/")

    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Cache"]) == (200, "hit")
    assert second.content == first.content
    assert "About the series" in second.content.decode()
    # The stored answer carries every header the inner middleware added.
    del first["X-Cache"], second["X-Cache"]
    assert dict(second.items()) == dict(first.items())
    assert second["X-Frame-Options"] == "DENY"
    assert second["X-Content-Type-Options"] == "nosniff"
    assert second["Referrer-Policy"] == "same-origin"
    assert second["Vary"] == "Cookie"
    assert second["Cache-Control"] == "max-age=0"


def test_head_is_answered_from_the_get_entry_without_a_body(client, about):
    assert fetch(client, "/about/")[:2] == (200, "miss")
    get = client.get("/about/")
    head = client.head("/about/")

    assert (head.status_code, head["X-Cache"]) == (200, "hit")
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["Content-Type"] == get["Content-Type"]


def test_head_alone_does_not_fill_the_cache(client, about):
    assert client.head("/about/")["X-Cache"] == "miss"
    assert client.head("/about/")["X-Cache"] == "miss"
    assert client.get("/about/")["X-Cache"] == "miss"


def test_query_string_is_part_of_the_key_in_any_order(client, about):
    assert fetch(client, "/search/?q=series")[1] == "miss"
    assert fetch(client, "/search/?q=series")[1] == "hit"
    assert fetch(client, "/search/?q=series&page=1")[1] == "miss"
    assert fetch(client, "/search/?page=1&q=series")[1] == "hit"
    status, _, html = fetch(client, "/search/?q=nothing-like-it")
    assert (status, "About the series" in html) == (200, False)


def test_calendar_feed_and_its_page_are_separate_entries(client, programme_page):
    page_url = programme_page.url
    feed_url = page_url + "calendar.ics"
    assert client.get(page_url)["X-Cache"] == "miss"
    feed = client.get(feed_url)
    assert (feed["X-Cache"], feed["Content-Type"]) == (
        "miss",
        "text/calendar; charset=utf-8",
    )
    assert client.get(feed_url)["X-Cache"] == "hit"
    assert client.get(page_url)["Content-Type"] == "text/html; charset=utf-8"


def test_host_is_part_of_the_key(client, about):
    assert fetch(client, "/about/")[1] == "miss"
    assert fetch(client, "/about/", HTTP_HOST="localhost")[1] == "miss"
    assert fetch(client, "/about/", HTTP_HOST="localhost")[1] == "hit"


def test_wrong_host_is_refused_and_never_stored(client, about):
    assert fetch(client, "/about/", HTTP_HOST="attacker.example")[:2] == (400, None)
    assert fetch(client, "/about/", HTTP_HOST="attacker.example")[:2] == (400, None)


def test_csrf_cookie_alone_is_still_anonymous(client, about):
    assert fetch(client, "/about/")[1] == "miss"
    client.cookies["csrftoken"] = "a" * 32
    assert fetch(client, "/about/")[1] == "hit"


@pytest.mark.parametrize(
    "cookie", [settings.SESSION_COOKIE_NAME, pagecache.MESSAGES_COOKIE_NAME]
)
def test_session_or_messages_cookie_neither_reads_nor_fills_the_cache(
    client, about, cookie
):
    # An unknown session is still an empty one: the cache keeps out all the same.
    client.cookies[cookie] = "no-such-session"
    assert fetch(client, "/about/")[:2] == (200, None)
    assert fetch(client, "/about/")[:2] == (200, None)
    assert fetch(Client(), "/about/")[1] == "miss"


def test_signed_in_person_never_gets_the_anonymous_copy(client, about, user):
    anonymous = Client()
    assert fetch(anonymous, "/about/")[1] == "miss"
    assert fetch(anonymous, "/about/")[1] == "hit"

    client.force_login(user)
    response = client.get("/about/")

    assert response.get("X-Cache") is None
    assert response["Cache-Control"] == "private, max-age=0"
    assert response["Vary"] == "Cookie"
    html = response.content.decode()
    assert ("Sign out" in html, "Sign in" in html) == (True, False)
    # Nor did the signed-in page replace the anonymous one.
    status, hit, html = fetch(anonymous, "/about/")
    assert (hit, "Sign in" in html, "Sign out" in html) == ("hit", True, False)


def test_signed_in_request_does_not_fill_the_cache(client, about, user):
    client.force_login(user)
    client.get("/about/")
    client.get("/about/")
    status, hit, html = fetch(Client(), "/about/")
    assert (status, hit, "Sign out" in html) == (200, "miss", False)


def test_participants_area_is_never_stored(client, event_page):
    area = ParticipantAreaPageFactory(parent=event_page)
    participant = confirmed_registration(event=event_page).user

    assert fetch(client, area.url)[:2] == (302, "miss")
    assert fetch(client, area.url)[:2] == (302, "miss")
    client.force_login(participant)
    response = client.get(area.url)
    assert (response.status_code, response.get("X-Cache")) == (200, None)
    assert "private" in response["Cache-Control"]
    assert fetch(Client(), area.url)[:2] == (302, "miss")


def test_password_restricted_page_is_never_stored(client, about):
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    # Wagtail answers with its password form, marked never-cache.
    first = client.get("/about/")
    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert "private" in first["Cache-Control"]
    assert "About the series" not in first.content.decode()
    assert fetch(Client(), "/about/")[1] == "miss"


def test_personal_calendar_feed_and_my_pages_are_never_stored(client, event_page):
    registration = confirmed_registration(event=event_page)
    feed = feeds.calendar_feed(user=registration.user)
    url = f"/calendar/{feed.token}.ics"

    response = client.get(url)
    assert (response.status_code, response.get("X-Cache")) == (200, None)
    assert "private" in response["Cache-Control"]
    assert client.get(url).get("X-Cache") is None

    client.force_login(registration.user)
    assert (client.get("/my/").status_code, client.get("/my/").get("X-Cache")) == (
        200,
        None,
    )


def test_private_documents_are_never_stored(client, event_page):
    area = ParticipantAreaPageFactory(parent=event_page)
    document = pre_read(page=area)
    participant = confirmed_registration(event=event_page).user

    assert fetch(client, document.url)[:2] == (302, None)
    client.force_login(participant)
    response = client.get(document.url)
    assert (response.status_code, response.get("X-Cache")) == (200, None)
    assert "private" in response["Cache-Control"]


def test_programme_shows_a_session_published_as_a_revision(client, programme_page):
    session = SessionFactory(event=programme_page.get_parent().specific, title="Old")
    assert "Old" in fetch(client, programme_page.url)[2]
    assert fetch(client, programme_page.url)[1] == "hit"

    session.title = "Protection needs of survivors"
    session.save_revision().publish()

    status, hit, html = fetch(client, programme_page.url)
    assert (status, hit, "Protection needs of survivors" in html) == (200, "miss", True)


def test_programme_shows_a_session_published_in_the_admin(
    client, organiser, programme_page
):
    event = programme_page.get_parent().specific
    session = SessionFactory(
        event=event,
        title="Frameworks",
        slug="frameworks",
        start=at(event, 1, 9),
        end=at(event, 1, 10),
    )
    anonymous = Client()
    assert "Frameworks" in fetch(anonymous, programme_page.url)[2]
    assert fetch(anonymous, programme_page.url)[1] == "hit"

    client.force_login(organiser)
    data = session_form(
        event,
        start=at(event, 1, 9),
        end=at(event, 1, 10),
        title="Legal frameworks for protection",
        slug="frameworks",
    ) | {"action-publish": "action-publish"}
    response = client.post(
        f"/admin/snippets/programme/session/edit/{session.pk}/", data
    )
    assert response.status_code == 302

    status, hit, html = fetch(anonymous, programme_page.url)
    assert (hit, "Legal frameworks for protection" in html) == ("miss", True)


def test_speakers_page_follows_person_and_organisation_changes(client, event_page):
    speakers = SpeakerIndexPageFactory(parent=event_page)
    organisation = OrganisationFactory(name="Institute of Old Names")
    person = PersonFactory(name="Ada Example", organisation=organisation)
    SessionFactory(event=event_page, roles=[(person, "speaker")])
    assert "Ada Example" in fetch(client, speakers.url)[2]
    assert fetch(client, speakers.url)[1] == "hit"

    person.name = "Ada Renamed"
    person.save()
    assert "Ada Renamed" in fetch(client, speakers.url)[2]

    organisation.name = "Institute of New Names"
    organisation.save()
    status, hit, html = fetch(client, speakers.url)
    assert (hit, "Institute of New Names" in html) == ("miss", True)


def test_page_publish_unpublish_move_and_delete_show_at_once(client, home_page, about):
    assert fetch(client, "/about/")[1] == "miss"
    about.title = "About these roundtables"
    about.save_revision().publish()
    assert "About these roundtables" in fetch(client, "/about/")[2]

    about.unpublish()
    assert fetch(client, "/about/")[0] == 404

    about.save_revision().publish()
    other = add_page(home_page, "other", "Other")
    assert fetch(client, "/about/")[0] == 200
    assert fetch(client, "/about/")[1] == "hit"
    about.move(other, pos="last-child")
    # Wagtail leaves a redirect at the old address.
    response = client.get("/about/")
    assert (response.status_code, response["Location"]) == (301, "/other/about/")
    assert fetch(client, "/other/about/")[0] == 200

    StandardPage.objects.get(pk=about.pk).delete()
    assert fetch(client, "/other/about/")[0] == 404


def test_report_publish_shows_on_the_publications_index(client, home_page):
    index = ReportIndexPageFactory(parent=home_page)
    assert fetch(client, index.url)[1] == "miss"
    assert fetch(client, index.url)[1] == "hit"

    report = ReportPage(
        title="Zebracorn protection report",
        slug="zebracorn",
        publication_date=datetime.date(2015, 3, 1),
        summary="<p>Findings.</p>",
    )
    index.add_child(instance=report)
    report.save_revision().publish()

    assert "Zebracorn protection report" in fetch(client, index.url)[2]


def test_scheduled_publishing_purges(client, home_page):
    index = ReportIndexPageFactory(parent=home_page)
    report = embargoed_report(index)
    assert "Embargoed zebracorn" not in fetch(client, index.url)[2]
    assert fetch(client, index.url)[1] == "hit"

    end_embargo(report)

    status, hit, html = fetch(client, index.url)
    assert (hit, "Embargoed zebracorn findings" in html) == ("miss", True)


def test_site_settings_and_view_restrictions_purge(client, about):
    assert fetch(client, "/about/")[1] == "miss"
    site_settings = SiteSettings.objects.get()
    site_settings.footer_note = "Zebracorn footer"
    site_settings.save()
    assert "Zebracorn footer" in fetch(client, "/about/")[2]

    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.LOGIN
    )
    assert fetch(client, "/about/")[0] == 302


def _save_site():
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Zebracorn roundtables"
    site.save()


def _add_redirect():
    Redirect.objects.create(old_path="/old-about", redirect_link="/about/")


def _save_document():
    document = get_document_model()(title="Public paper")
    document.file.save("paper.txt", ContentFile(b"Paper."), save=False)
    document.save()


def _save_image():
    get_image_model().objects.create(title="Photo", file=get_test_image_file())


def _restrict_collection():
    collection = Collection.get_first_root_node().add_child(name="Zebracorn")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )


def _save_category():
    CategoryFactory(name="Zebracorn region")


@pytest.mark.parametrize(
    "change",
    [
        _save_site,
        _add_redirect,
        _save_document,
        _save_image,
        _restrict_collection,
        _save_category,
    ],
)
def test_every_change_to_what_pages_show_purges(client, about, change):
    assert fetch(client, "/about/")[1] == "miss"
    assert fetch(client, "/about/")[1] == "hit"
    change()
    assert fetch(client, "/about/")[1] == "miss"


def test_participant_activity_does_not_purge(client, event_page, about):
    registration = confirmed_registration(event=event_page)
    assert fetch(client, "/about/")[1] == "miss"
    feeds.calendar_feed(user=registration.user)
    registration.dietary_needs = "Vegetarian"
    registration.save()
    assert fetch(client, "/about/")[1] == "hit"


def _middleware(view):
    return pagecache.PageCacheMiddleware(view)


def test_page_rendered_before_a_publish_is_not_served_after_it(db):
    """A render that started before a publish and is stored after it is stale."""

    def publish_during_render(request):
        pagecache.purge()  # an editor publishes while this page renders
        return HttpResponse("Old title")

    request = RequestFactory().get("/about/")
    assert _middleware(publish_during_render)(request)["X-Cache"] == "miss"

    response = _middleware(lambda request: HttpResponse("New title"))(
        RequestFactory().get("/about/")
    )
    assert (response["X-Cache"], response.content) == ("miss", b"New title")


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(b"x" * (pagecache.MAX_SIZE + 1)),
        HttpResponse(b"%PDF-1.7", content_type="application/pdf"),
        HttpResponse("Personal", headers={"Cache-Control": "private"}),
        HttpResponse("Not stored", headers={"Cache-Control": "no-store"}),
        HttpResponse("Per language", headers={"Vary": "Accept-Language"}),
        HttpResponse("Created", status=201),
    ],
    ids=["too-big", "pdf", "private", "no-store", "vary", "not-200"],
)
def test_answers_that_are_not_plain_public_pages_are_not_stored(db, response):
    middleware = _middleware(lambda request: response)
    assert middleware(RequestFactory().get("/page/"))["X-Cache"] == "miss"
    assert middleware(RequestFactory().get("/page/"))["X-Cache"] == "miss"


def test_answer_setting_a_cookie_is_not_stored(db):
    def view(request):
        response = HttpResponse("Welcome")
        response.set_cookie("first-visit", "1")
        return response

    middleware = _middleware(view)
    first = middleware(RequestFactory().get("/page/"))
    assert (first["X-Cache"], first["Cache-Control"]) == ("miss", "private, max-age=0")
    assert middleware(RequestFactory().get("/page/"))["X-Cache"] == "miss"


def test_generation_lost_with_the_cache_does_not_revive_old_pages(db):
    middleware = _middleware(lambda request: HttpResponse("Page"))
    middleware(RequestFactory().get("/page/"))
    assert middleware(RequestFactory().get("/page/"))["X-Cache"] == "hit"
    cache.delete(pagecache.GENERATION_KEY)
    assert middleware(RequestFactory().get("/page/"))["X-Cache"] == "miss"


def test_zero_timeout_turns_the_cache_off(client, about, settings):
    settings.PAGE_CACHE_TIMEOUT = 0
    assert fetch(client, "/about/")[:2] == (200, None)
    assert fetch(client, "/about/")[:2] == (200, None)


def test_static_files_pass_through_untouched(db):
    response = _middleware(lambda request: HttpResponse("body {}"))(
        RequestFactory().get(settings.STATIC_URL + "css/site.css")
    )
    assert (response.get("X-Cache"), response.get("Vary")) == (None, None)


REDIS_URL = redis_url(14)


@pytest.fixture
def redis_cache():
    connect_redis(REDIS_URL).close()  # skips, or fails in CI, without Redis
    caches = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "roundtable-tests",
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield cache
        cache.clear()


def test_redis_serves_hits_and_purges_on_publish(
    redis_cache, client, about, django_assert_num_queries
):
    assert fetch(client, "/about/")[1] == "miss"
    with django_assert_num_queries(0):
        assert fetch(client, "/about/")[1] == "hit"
    assert client.head("/about/")["X-Cache"] == "hit"
    assert redis_cache.get(pagecache.GENERATION_KEY) is not None

    about.title = "About, from Redis"
    about.save_revision().publish()

    status, hit, html = fetch(client, "/about/")
    assert (hit, "About, from Redis" in html) == ("miss", True)
    assert fetch(client, "/about/")[1] == "hit"


def test_a_remembered_value_is_worked_out_again_only_after_a_purge():
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        return computed[-1]

    assert pagecache.remember("counter", compute) == 1
    assert pagecache.remember("counter", compute) == 1
    pagecache.purge(reason="test")
    assert pagecache.remember("counter", compute) == 2
    assert computed == [1, 2]
