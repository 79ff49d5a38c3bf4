from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from roundtable import embargo, images

from .models import Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Report categories"
    list_display = ["name", "kind", "slug"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(CategoryViewSet)


@hooks.register("before_serve_document")
def embargo_documents_of_unpublished_pages(document, request):
    """No report PDF (or other attachment) before its page goes live.

    See roundtable.embargo. Editors of the page still get the file, marked so that
    `participants.views.serve_document` keeps it out of every cache.
    """
    pages = embargo.embargoing_pages(document)
    if not pages:
        return None
    if not embargo.may_see_embargoed(request.user, pages):
        raise Http404
    request.roundtable_restricted_document = True
    return None


@hooks.register("before_bulk_action")
def refuse_images_into_private_collections(request, action_type, objects, action):
    """The images listing's "Add to collection" skips the image form: same rule."""
    if action_type != "add_to_collection" or action.model is not get_image_model():
        return None
    if images.is_private_collection(action.cleaned_form.cleaned_data["collection"]):
        messages.error(request, images.IMAGE_PRIVACY_MESSAGE)
        return redirect(action.next_url)
    return None
