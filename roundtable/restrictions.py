"""Page view restrictions in one query instead of two."""

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
    """

    def get_view_restrictions(self):
        if self.alias_of_id is not None:
            return super().get_view_restrictions()
        paths = [
            self.path[:end]
            for end in range(self.steplen, len(self.path) + 1, self.steplen)
        ]
        alias_sources = Page.objects.filter(
            path__in=paths, alias_of__isnull=False
        ).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True)
            | Q(page_id__in=alias_sources)
        )
