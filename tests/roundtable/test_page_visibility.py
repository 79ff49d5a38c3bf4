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


def test_public_pages_keeps_exactly_what_wagtails_public_keeps(home_page):
    """The rule is written into the listing's query; Wagtail's `public()`
    reads every restriction first. Both keep the same pages."""
    from django.contrib.auth.models import Group

    a = add_page(home_page, "a")
    a_child = add_page(a, "child")
    add_page(a_child, "grandchild")
    b = add_page(home_page, "b")
    add_page(b, "child")
    ab = add_page(home_page, "ab")  # a path that starts like a's is not below it
    add_page(ab, "child")
    c = add_page(home_page, "c")
    add_page(c, "child").unpublish()
    restrict(a)
    PageViewRestriction.objects.create(
        page=b, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    groups = PageViewRestriction.objects.create(
        page=add_page(c, "group"), restriction_type=PageViewRestriction.GROUPS
    )
    groups.groups.add(Group.objects.create(name="Readers"))
    b.create_alias(parent=home_page, update_slug="b-alias")

    everything = Page.objects.descendant_of(home_page, inclusive=True)
    ours = set(public_pages(everything).values_list("slug", flat=True))
    assert ours == set(everything.live().public().values_list("slug", flat=True))
    assert ours == {"home-test", "ab", "c", "child"}  # ab's child, c's live child
    assert list(public_pages(Page.objects.filter(pk=a_child.pk))) == []


def test_public_pages_without_any_restriction_keeps_every_live_page(home_page):
    add_page(home_page, "a")
    add_page(home_page, "b").unpublish()
    everything = Page.objects.descendant_of(home_page, inclusive=True)
    assert set(public_pages(everything)) == set(everything.live())
    assert set(public_pages(everything)) == set(everything.live().public())
