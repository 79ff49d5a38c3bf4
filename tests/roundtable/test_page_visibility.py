"""roundtable.visibility: the one place that says which pages anyone may see."""

from wagtail.models import Page, PageViewRestriction

from roundtable.models import StandardPage
from roundtable.visibility import is_public, public_pages


def add_page(parent, slug):
    page = StandardPage(title=slug.title(), slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def test_restricted_pages_and_their_descendants_are_not_public(home_page):
    section = add_page(home_page, "section")
    child = add_page(section, "child")
    open_page = add_page(home_page, "open")
    restrict(section)

    assert [is_public(page) for page in (home_page, section, child, open_page)] == [
        True,
        False,
        False,
        True,
    ]
    assert set(public_pages(Page.objects.descendant_of(home_page, inclusive=True))) == {
        Page.objects.get(pk=home_page.pk),
        Page.objects.get(pk=open_page.pk),
    }


def test_unpublished_pages_are_not_public(home_page):
    draft = add_page(home_page, "draft")
    draft.unpublish()
    draft.refresh_from_db()
    assert is_public(draft) is False
    assert public_pages(StandardPage.objects.child_of(home_page)).first() is None


def test_an_alias_of_a_restricted_page_is_not_public(home_page):
    source = add_page(home_page, "source")
    restrict(source)
    alias = source.create_alias(parent=home_page, update_slug="alias")

    assert is_public(alias.specific) is False
    assert public_pages(StandardPage.objects.child_of(home_page)).first() is None


def test_view_restriction_on_an_ancestor_keeps_anonymous_visitors_out(
    client, home_page
):
    section = add_page(home_page, "members")
    add_page(section, "minutes")
    restrict(section)

    response = client.get("/members/minutes/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
