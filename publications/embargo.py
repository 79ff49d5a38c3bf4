"""The embargo on attachments: a document used by a page that is not live yet.

A report's PDF is a Wagtail document with a sequential address, served by
Wagtail's document view whatever the state of the page that links it. The rule:

- a document that a live page without view restrictions uses is public;
- otherwise, a document used by a page that is not live (scheduled, draft or
  unpublished), or named as the PDF of a report's scheduled revision, is served
  only to people who may edit one of those pages;
- a document no page uses keeps Wagtail's rules (collection view restrictions).

"Uses" is what Wagtail's reference index records for the page (its PDF field,
rich-text and StreamField links, as saved on the page row), plus the report PDF
foreign key read directly in case the index is behind.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, ReferenceIndex, Revision

from publications.models import ReportPage
from roundtable.visibility import is_public


def _page_ids_using(document):
    page_type = ContentType.objects.get_for_model(Page)
    indexed = ReferenceIndex.get_references_to(document).filter(
        base_content_type=page_type
    )
    ids = {int(object_id) for object_id in indexed.values_list("object_id", flat=True)}
    ids.update(ReportPage.objects.filter(pdf=document).values_list("pk", flat=True))
    return ids


def _page_ids_scheduling(document):
    """Pages with a revision scheduled to go live that names `document` as PDF."""
    object_ids = Revision.page_revisions.filter(
        content_type=ContentType.objects.get_for_model(ReportPage),
        approved_go_live_at__isnull=False,
        content__pdf=document.pk,
    ).values_list("object_id", flat=True)
    return {int(object_id) for object_id in object_ids}


def embargoing_pages(document):
    """The unpublished pages that keep `document` from the public, or [] if none.

    Empty too when a live public page uses the document: it is public already.
    """
    using = list(Page.objects.filter(pk__in=_page_ids_using(document)))
    for page in using:
        if is_public(page):
            return []
    embargoing = [page for page in using if not page.live]
    scheduling = _page_ids_scheduling(document) - {page.pk for page in embargoing}
    embargoing.extend(Page.objects.filter(pk__in=scheduling))
    return embargoing


def may_see_embargoed(user, pages):
    """Whether `user` may edit (and so preview) one of `pages`."""
    if not user.is_authenticated:
        return False
    return any(page.permissions_for_user(user).can_edit() for page in pages)
