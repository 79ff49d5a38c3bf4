"""Page view restrictions in one query instead of two, or none when known."""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


class ViewRestrictionsMixin:
    """Read the restrictions on a page and its ancestors with one query.

    Wagtail's `get_view_restrictions` first loads the ancestors (to follow
    aliases to their source pages), then the restrictions: two queries on every
    page served. The ancestors' paths are prefixes of the page's own, so one query
    can match restrictions on those paths, except an alias's (Wagtail copies them
    to the alias but reads its source's), and on the sources of any aliases among
    them. An alias page itself keeps Wagtail's way.

    A page read for serving (`roundtable.routing`) comes with
    `has_view_restrictions`, from the same query; when it is False there is
    nothing to read.
    """

    def get_view_restrictions(self):
        if self.alias_of_id is not None:
            return super().get_view_restrictions()
        if getattr(self, "has_view_restrictions", None) is False:
            return PageViewRestriction.objects.none()
        return self.restrictions_on(self.path)

    @staticmethod
    def restrictions_on(path):
        """The restrictions on the (not aliased) page at `path` and its ancestors."""
        steplen = Page.steplen
        paths = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
        alias_sources = Page.objects.filter(
            path__in=paths, alias_of__isnull=False
        ).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page_id__in=alias_sources)
        )
