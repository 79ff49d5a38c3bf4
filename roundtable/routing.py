"""Serve deep pages without walking the tree one level at a time."""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


class DirectRoutingMixin:
    """Route a request to the deepest page on its path with one query.

    Wagtail's `Page.route` looks up each path segment in turn, two queries per
    level. Every page's `url_path` is stored, so the whole chain of pages along the
    requested path can be read at once. The outcome is Wagtail's: a live routable
    page on the way whose own routes match the rest of the path serves it; a
    missing page is a 404; the page found routes whatever remains (its sub-routes,
    or a 404 if it is not live). A page class may name, in `serve_select_related`,
    foreign keys that serving it always follows; they come with the page.
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        prefixes = {
            f"{self.url_path}{'/'.join(path_components[:depth])}/": depth
            for depth in range(1, len(path_components) + 1)
        }
        # A url_path names one page in the whole tree (slugs are unique among
        # siblings), and these all start with ours, so they are our descendants.
        chain = list(
            Page.objects.filter(url_path__in=prefixes)
            .order_by("depth")
            .only("id", "path", "depth", "url_path", "content_type_id", "live")
        )
        if not chain:
            raise Http404
        parent, target = self, chain[-1]
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
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    if model is None or not issubclass(model, RoutablePageMixin):
        return False
    try:
        model.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Resolver404:
        return False
    return True


def _specific(page):
    """The page as its own class, with its `serve_select_related` keys joined."""
    model = page.specific_class
    related = getattr(model, "serve_select_related", ())
    if not related:
        return page.specific
    return model._default_manager.select_related(*related).get(pk=page.pk)
