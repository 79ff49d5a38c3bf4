"""Serve pages from the site's root with one query for the path, one for the page.

Wagtail's `serve` view turns the site's root page into its own class (a query),
then each level of the tree looks up the next path segment (two queries a
level), and serving the page reads its view restrictions (one or two more).
Every page's `url_path` is stored, so the whole chain of pages along the
requested path can be read at once, from the root row the site lookup already
brought; the page found is then read as its own class, with the answer to
"does any view restriction cover it?" in the same query.
"""

from django.db.models import Exists
from django.http import Http404, HttpResponse
from django.urls import Resolver404
from wagtail import hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from roundtable.restrictions import ViewRestrictionsMixin


def serve(request, path):
    """Wagtail's page serving (route, then its serving hooks), with `route` below."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    components = [component for component in path.split("/") if component]
    page, args, kwargs = route(request, site.root_page, components)

    serve_chain = _serve
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        serve_chain = wrap(serve_chain)
    for before in hooks.get_hooks("before_serve_page"):
        result = before(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return serve_chain(page, request, args, kwargs)


def _serve(page, request, args, kwargs):
    return page.serve(request, *args, **kwargs)


def route(request, root, path_components):
    """(page, args, kwargs) for the path below `root`, as Wagtail would route it.

    The outcome is Wagtail's: a live routable page on the way whose own routes
    match the rest of the path serves it; a missing page is a 404; the page found
    routes whatever remains (its sub-routes, or a 404 if it is not live). A page
    class may name, in `serve_select_related`, foreign keys that serving it
    always follows; they come with the page.
    """
    if not path_components or _routes_match(root, path_components):
        return _specific(root).route(request, path_components)
    prefixes = {
        f"{root.url_path}{'/'.join(path_components[:depth])}/": depth
        for depth in range(1, len(path_components) + 1)
    }
    # A url_path names one page in the whole tree (slugs are unique among
    # siblings), and these all start with the root's, so they are below it.
    chain = list(
        Page.objects.filter(url_path__in=prefixes)
        .order_by("depth")
        .only("id", "path", "depth", "url_path", "content_type_id", "live")
    )
    if not chain:
        raise Http404
    parent, target = root, chain[-1]
    for page in chain[:-1]:
        if page.live and _routes_match(
            page, path_components[prefixes[page.url_path] :]
        ):
            target = page
            break
        parent = page
    specific = _specific(target)
    specific._cached_parent_obj = parent
    return specific.route(request, path_components[prefixes[target.url_path] :])


def _routes_match(page, remaining):
    """Whether `page` is routable and one of its own routes matches `remaining`."""
    model = page.specific_class
    if model is None or not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Resolver404:
        return False
    return True


def _specific(page):
    """The page as its own class, read with its `serve_select_related` keys and,
    for a `ViewRestrictionsMixin` page, whether view restrictions cover it."""
    model = page.specific_class
    if model is None:
        return page.specific
    pages = model._default_manager.filter(pk=page.pk)
    related = getattr(model, "serve_select_related", ())
    if related:
        pages = pages.select_related(*related)
    if issubclass(model, ViewRestrictionsMixin):
        restrictions = ViewRestrictionsMixin.restrictions_on(page.path)
        pages = pages.annotate(has_view_restrictions=Exists(restrictions))
    return pages.get()
