from datetime import datetime, time, timedelta

import django_filters
from django.contrib import messages
from django.db.models import Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from roundtable.admin_times import (
    EventTimesIndexMixin,
    EventTimesViewSetMixin,
)
from roundtable.models import EventPage

from . import clone_admin, services, timetable, timetable_admin
from .clone_admin import CloneEventView
from .forms import SessionForm
from .models import Organisation, Person, Session
from .search import session_results


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]
    # The admin's search box asks the database (icontains on search_fields), the
    # same on SQLite and PostgreSQL: Wagtail's SQLite search backend fails on a
    # field list ("no such column: name"), and these lists are short.
    search_backend_name = None


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "position", "organisation"]
    list_filter = ["organisation", "is_fictional"]
    search_fields = ["name", "position"]
    search_backend_name = None

    def get_queryset(self, request):
        # Each row names its organisation: read with the people, not per row.
        return Person.objects.select_related("organisation")


class SessionFilterSet(WagtailFilterSet):
    day = django_filters.DateFilter(
        label=_("Day"),
        method="filter_day",
        help_text=_("In each event's time zone."),
    )

    class Meta:
        model = Session
        fields = ["event", "kind", "status", "visibility"]

    def filter_day(self, queryset, name, value):
        """Sessions starting on `value` as the event's own calendar reads it."""
        days = Q(pk__in=[])
        for event in EventPage.objects.filter(sessions__in=queryset).distinct():
            start = datetime.combine(value, time.min, tzinfo=event.tzinfo)
            days |= Q(event=event, start__gte=start, start__lt=start + timedelta(1))
        return queryset.filter(days)


class SessionIndexView(EventTimesIndexMixin, IndexView):
    pass


class ExplicitSaveMixin:
    """Whether the organiser saved the session on purpose (`explicitly_saved`).

    Wagtail's autosave posts the same form as the Save and Publish buttons,
    asking for JSON instead of a page; on the create form its first post
    creates the session as a draft. A session made that way is not saved on
    purpose until a button saves it; autosaving an existing session changes
    nothing of that.
    """

    def save_instance(self):
        if not self.expects_json_response:
            self.form.instance.explicitly_saved = True
        elif self.view_name == "create":
            self.form.instance.explicitly_saved = False
        return super().save_instance()


class SessionCreateView(ExplicitSaveMixin, CreateView):
    def get_initial_form_instance(self):
        """The timetable's "Add a session here": its event, room and slot."""
        if self.request.method == "GET":
            prefilled = timetable.prefilled_session(self.request.GET)
            if prefilled is not None:
                return prefilled
        return super().get_initial_form_instance()


class SessionEditView(ExplicitSaveMixin, EditView):
    pass


class SessionViewSet(EventTimesViewSetMixin, SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = "Sessions"
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    list_display = ["title", "event", "start", "room", "kind", "status", "live"]
    list_export = [
        "title",
        "event",
        "start",
        "end",
        "room",
        "get_kind_display",
        "get_status_display",
    ]
    export_headings = {"get_kind_display": "Kind", "get_status_display": "Status"}
    event_times = {"start": "event", "end": "event"}
    filterset_class = SessionFilterSet
    search_fields = ["title", "description"]
    search_backend_name = None
    ordering = ["start"]
    edit_handler = ObjectList(Session.panels, base_form_class=SessionForm)

    def get_queryset(self, request):
        # The listing and its exports name each row's event and read its time
        # zone: read with the sessions, not per row.
        return Session.objects.select_related("event")


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "Directory"
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
register_snippet(SessionViewSet)


@hooks.register("roundtable_search")
def search_sessions(terms):
    found = session_results(terms)
    count = ngettext("%(count)d session", "%(count)d sessions", len(found)) % {
        "count": len(found)
    }
    return {"heading": _("Sessions"), "count": count, "results": found}


@hooks.register("after_create_page")
def add_programme_pages_to_a_new_event(request, page):
    if isinstance(page.specific, EventPage):
        made = services.add_event_pages(event=page.specific, user=request.user)
        _tell_what_was_added(request, made)


@hooks.register("after_copy_page")
def add_programme_pages_to_a_copied_event(request, page, new_page):
    """Wagtail's own "Copy" of an event, without its subpages, or with an old
    event's that lacked some: the copy gets what a new event gets. (An alias
    shows its original's pages.)"""
    if new_page.alias_of_id is None:
        add_programme_pages_to_a_new_event(request, new_page)


def _tell_what_was_added(request, pages):
    if pages:
        titles = ", ".join(page.title for page in pages)
        messages.info(
            request,
            _("Added under this event, as drafts to publish when ready: %(pages)s.")
            % {"pages": titles},
        )


@hooks.register("register_admin_urls")
def register_clone_event_url():
    return [
        path(
            "events/<int:event_id>/duplicate/",
            CloneEventView.as_view(),
            name=clone_admin.URL_NAME,
        )
    ]


@hooks.register("register_admin_urls")
def register_timetable_url():
    return [
        path(
            "programme/timetable/",
            timetable_admin.TimetableView.as_view(),
            name=timetable_admin.URL_NAME,
        )
    ]


@hooks.register("register_admin_menu_item")
def register_timetable_menu_item():
    return timetable_admin.menu_item()


@hooks.register("register_page_header_buttons")
def clone_event_header_button(page, user, view_name, next_url=None):
    button = clone_admin.clone_button(page, user, priority=35)
    if button is not None:
        yield button


@hooks.register("register_page_listing_more_buttons")
def clone_event_listing_button(page, user, next_url=None):
    button = clone_admin.clone_button(page, user, priority=25)
    if button is not None:
        yield button
