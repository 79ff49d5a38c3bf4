import io

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import Page, Site

from demo.event import EVENT_SLUG, ORGANISER_EMAIL
from roundtable.models import EventPage

pytestmark = pytest.mark.django_db


def load_demo(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def page_tree():
    return list(
        Page.objects.order_by("path").values_list(
            "path", "slug", "content_type__model", "live", "latest_revision_id"
        )
    )


def test_load_demo_twice_changes_nothing():
    first_output = load_demo()
    counts, tree = row_counts(), page_tree()

    second_output = load_demo()

    assert row_counts() == counts
    assert page_tree() == tree
    assert "Organiser password: " in first_output
    assert "Organiser password: unchanged" in second_output


def test_load_demo_builds_the_event_at_its_public_address(client):
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class.__name__ == "HomePage"
    event = EventPage.objects.get(slug=EVENT_SLUG)
    assert event.url == "/events/trafficking-in-persons-roundtable-2014/"
    assert client.get("/").status_code == 200
    assert client.get("/about/").status_code == 200
    assert client.get("/privacy/").status_code == 200


def test_demo_event_page_carries_every_fact_of_the_announcement(client):
    load_demo()
    html = client.get("/events/trafficking-in-persons-roundtable-2014/").content
    html = html.decode()
    for fact in [
        "26–27 June 2014",
        "Copthorne King’s Hotel",
        "RSIS Centre for NTS Studies",
        "International Committee of the Red Cross (ICRC)",
        "By invitation only",
        "800,000",
        "27 million",
        "ASEAN Declaration on Transnational Crime",
        "Track II",
        "The Bali Process, ASEAN and the OECD.",
        "Smuggling and trafficking; problems and challenges; good practices.",
        "sexual exploitation",
        "forced labour",
        "trafficking of children",
        "Challenges to repatriation and reintegration",
        "Best practices from Tier 1 countries.",
        "<b>check list</b>",
        "<b>way-forward session</b>",
        "evaluate protection policies",
        "transferable and replicable",
        "Experts, academics, practitioners and government representatives",
    ]:
        assert fact in html, fact
    event = EventPage.objects.get(slug=EVENT_SLUG)
    assert event.aims.count() == 5
    assert event.themes.count() == 5
    assert event.time_zone == "Asia/Singapore"


def test_demo_organiser_can_edit_content_but_is_not_a_superuser(client):
    output = load_demo()
    password = output.split("Organiser password: ")[1].split()[0]
    assert client.login(email=ORGANISER_EMAIL, password=password)
    user = apps.get_model("participants", "User").objects.get(email=ORGANISER_EMAIL)
    assert user.is_superuser is False
    assert [g.name for g in user.groups.all()] == ["Organisers"]
    event = EventPage.objects.get(slug=EVENT_SLUG)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/programme/organisation/").status_code == 200
    assert client.get("/admin/users/").status_code == 302


def test_reset_organiser_password_prints_a_working_new_one(client):
    load_demo()
    output = load_demo("--reset-organiser-password")
    password = output.split("Organiser password: ")[1].split()[0]
    assert client.login(email=ORGANISER_EMAIL, password=password)
