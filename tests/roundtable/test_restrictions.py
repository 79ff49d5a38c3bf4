from wagtail.models import Page, PageViewRestriction

from roundtable.models import StandardPage


def add_page(parent, slug):
    page = StandardPage(title=slug.title(), slug=slug)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def restrict(page):
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def wagtails(page):
    """The restrictions Wagtail's own method finds for `page`."""
    return set(Page.get_view_restrictions(page))


def test_view_restrictions_cover_the_page_and_its_ancestors(home_page):
    section = add_page(home_page, "section")
    child = add_page(section, "child")
    grandchild = add_page(child, "grandchild")
    on_section, on_grandchild = restrict(section), restrict(grandchild)

    assert set(home_page.get_view_restrictions()) == set()
    assert set(child.get_view_restrictions()) == {on_section}
    assert set(grandchild.get_view_restrictions()) == {on_section, on_grandchild}
    for page in (home_page, section, child, grandchild):
        assert set(page.get_view_restrictions()) == wagtails(page)


def test_view_restrictions_follow_an_aliased_ancestor_to_its_source(home_page):
    source = add_page(home_page, "source")
    on_source = restrict(source)
    alias = source.create_alias(parent=home_page, update_slug="alias")
    below_alias = add_page(alias, "below-alias")
    sibling = add_page(home_page, "sibling")

    assert set(below_alias.get_view_restrictions()) == {on_source}
    assert set(alias.specific.get_view_restrictions()) == {on_source}
    assert set(sibling.get_view_restrictions()) == set()
    for page in (below_alias, alias.specific, sibling):
        assert set(page.get_view_restrictions()) == wagtails(page)


def test_view_restriction_on_an_ancestor_keeps_anonymous_visitors_out(
    client, home_page
):
    section = add_page(home_page, "members")
    add_page(section, "minutes")
    restrict(section)

    response = client.get("/members/minutes/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
