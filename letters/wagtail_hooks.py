from django.urls import path, re_path, reverse
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from letters import admin, views
from letters.forms import LetterTemplateForm
from letters.models import IssuedDocument, LetterTemplate
from participants.admin.base import OrganiserOnlyPermissionPolicy
from roundtable.access import is_organiser
from roundtable.admin_links import (
    EVENT_DESK_LINKS_HOOK,
    MY_REGISTRATION_LINKS_HOOK,
    PERSONAL_DATA_HOOK,
)

# Templates are the organisers' alone, whatever other permissions a user holds.
register_permission_policy(
    LetterTemplate, OrganiserOnlyPermissionPolicy(LetterTemplate, refused=())
)


class LetterTemplateViewSet(SnippetViewSet):
    model = LetterTemplate
    icon = "doc-full"
    menu_label = "Letter templates"
    list_display = ["title", "kind", "event", "live", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title"]
    # The database (icontains), as for the other snippets: Wagtail's SQLite
    # search backend fails on a field list.
    search_backend_name = None
    edit_handler = ObjectList(LetterTemplate.panels, base_form_class=LetterTemplateForm)

    def get_queryset(self, request):
        return LetterTemplate.objects.select_related("event")


register_snippet(LetterTemplateViewSet)


@hooks.register("register_admin_urls")
def register_letters_urls():
    return [
        path(
            "letters/events/<int:event_id>/",
            admin.EventLettersView.as_view(),
            name=admin.URL_NAME,
        ),
        re_path(
            r"^letters/registrations/(?P<pk>[0-9]+)/"
            r"(?P<kind>visa-letter|certificate)\.pdf$",
            admin.DownloadView.as_view(),
            name="letters_admin_download",
        ),
        re_path(
            r"^letters/events/(?P<event_id>[0-9]+)/"
            r"(?P<kind>visa-letter|certificate)\.zip$",
            admin.ZipView.as_view(),
            name="letters_zip",
        ),
        re_path(
            r"^letters/events/(?P<event_id>[0-9]+)/"
            r"(?P<kind>visa-letter|certificate)/zip/$",
            admin.BundleView.as_view(),
            name=admin.BUNDLE_URL_NAME,
        ),
        path(
            "letters/bundles/<int:pk>.zip",
            admin.BundleDownloadView.as_view(),
            name="letters_bundle_download",
        ),
    ]


@hooks.register(EVENT_DESK_LINKS_HOOK)
def letters_on_the_event_desk(event, user):
    if not is_organiser(user):
        return []
    return [
        (
            "Letters and certificates",
            reverse(admin.URL_NAME, args=[event.pk]),
        ),
        (
            "Certificates of attendance (ZIP)",
            reverse("letters_zip", args=[event.pk, "certificate"]),
        ),
        (
            "Visa-support letters (ZIP)",
            reverse("letters_zip", args=[event.pk, "visa-letter"]),
        ),
    ]


hooks.register(MY_REGISTRATION_LINKS_HOOK, views.my_registration_links)


@hooks.register(PERSONAL_DATA_HOOK)
def issued_documents_in_the_data_export(user):
    documents = IssuedDocument.objects.filter(registration__user=user).order_by("pk")
    return {
        "issued_documents": [
            {
                "kind": document.kind,
                "code": document.code,
                "name": document.name,
                "event": document.event_title,
                "dates": document.dates,
                "issued_at": document.issued_at.isoformat(),
            }
            for document in documents
        ]
    }
