from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import (
    RoutablePageMixin,
    path,
    re_path,
)
from wagtail.models import Page
from wagtail.search import index

from roundtable import pagecache
from roundtable.access import can_see_private_details
from roundtable.addresses import absolute_url, webcal_url
from roundtable.visibility import ReadWithRestrictions

# What the programme, its sessions, calendars and the speakers page show of the
# event, and what finding its other pages and deciding who may see private
# details need.
PROGRAMME_EVENT_FIELDS = (
    "path",
    "depth",
    "title",
    "slug",
    "url_path",
    "time_zone",
    "start_date",
    "end_date",
    "venue_name",
    "illustrative_note",
    "participant_group",
)


class EventChildPage(ReadWithRestrictions, Page):
    """A page that belongs under one event, at most once, at a fixed slug."""

    required_slug = ""
    # The event's fields that this page's views and templates use, if they are
    # few: an event has dozens, and reading them all is a good part of a page.
    event_fields = ()
    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["roundtable.EventPage"]
    subpage_types = []

    class Meta:
        abstract = True

    # The address is fixed: whatever the editor's slug field says (it is on the
    # Promote tab, out of sight) or Wagtail makes of the title, the page lives
    # at its required slug, checked (full_clean) and stored (save).

    def full_clean(self, *args, **kwargs):
        self.slug = self.required_slug
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self.slug = self.required_slug
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        parent = self.get_parent() if self.pk else None
        if parent is not None:
            siblings = type(self).objects.child_of(parent).exclude(pk=self.pk)
            if siblings.exists():
                raise ValidationError(_("This event already has such a page."))

    @classmethod
    def can_create_at(cls, parent):
        return super().can_create_at(parent) and not (
            cls.objects.child_of(parent).exists()
        )

    def event_sessions(self, *, slug=None):
        """The parent event and its published sessions.

        The event is read once and handed to each session: joining it to every
        session row would build one full EventPage per session, which costs more
        than the one query it saves.
        """
        from programme import services

        event = self.get_event()
        sessions = services.public_sessions(event=event)
        if slug is not None:
            sessions = sessions.filter(slug=slug)
        sessions = list(sessions)
        for session in sessions:
            session.event = event
        return event, sessions

    def get_event(self):
        """The parent event, in one query (only its `event_fields`, if named)."""
        from roundtable.models import EventPage

        if not hasattr(self, "_event"):
            events = EventPage.objects.all()
            if self.event_fields:
                events = events.only(*self.event_fields)
            self._event = events.get(path=self.path[: -self.steplen])
        return self._event

    def private_response(self, request, response, *, private):
        """Personalised answers must never sit in a shared cache."""
        if private:
            add_never_cache_headers(response)
        return response


class ProgrammePage(RoutablePageMixin, EventChildPage):
    """The event's programme by day; session pages and calendar feeds below it."""

    required_slug = "programme"
    event_fields = PROGRAMME_EVENT_FIELDS
    template = "programme/programme_page.html"
    session_template = "programme/session_page.html"

    class Meta:
        verbose_name = _("programme")

    # Addresses below this page come from its routes (`reverse_subpage`), with
    # the page's own address from Wagtail in front.

    @classmethod
    def session_path(cls, session_slug):
        """A session's address relative to the programme page.

        What `reverse_subpage("session", ...)` returns; a classmethod, since the
        routes are the class's, so the listing and calendars need no page.
        """
        return cls.get_resolver().reverse("session", session_slug=session_slug)

    def session_url(self, session, request=None):
        """The address of `session`'s page, as `{% routablepageurl %}` gives it."""
        return self.get_url(request=request) + self.session_path(session.slug)

    def full_session_url(self, session, request=None):
        """`session_url` on BASE_URL, for emails and feeds."""
        return absolute_url(self.session_url(session, request=request))

    def feed_path(self, name, **kwargs):
        """A calendar feed's address relative to this page.

        The route ends in "calendar.ics/", but its address has no slash:
        programme/urls.py hands ".../calendar.ics" to Wagtail as it is.
        """
        return self.reverse_subpage(name, kwargs=kwargs).removesuffix("/")

    def viewer_context(self, request, **filters):
        """The event, its public sessions (filtered), the viewer's rights, our URL."""
        event, sessions = self.event_sessions(**filters)
        show_private = can_see_private_details(request.user, event)
        return event, sessions, show_private, self.get_url(request=request)

    @path("")
    def programme(self, request):
        from programme import listing
        from programme.models import SessionChange

        event = self.get_event()
        show_private = can_see_private_details(request.user, event)
        programme_url = self.get_url(request=request)
        sessions = listing.programme_sessions(
            event=event,
            programme_url=programme_url,
            session_path=self.session_path,
            show_private=show_private,
        )
        changes = []
        if any(session["has_changes"] for session in sessions):
            changes = list(
                SessionChange.objects.filter(session__event=event, session__live=True)
                .select_related("session")
                .order_by("-changed_at", "-pk")[:50]
            )
        calendar_url = programme_url + self.feed_path("calendar")
        context = self.get_context(request)
        context.update(
            event=event,
            days=listing.by_day(sessions),
            changes=changes,
            updated_at=changes[0].changed_at if changes else None,
            show_private=show_private,
            calendar_url=calendar_url,
            webcal_url=webcal_url(absolute_url(calendar_url)),
            programme_url=programme_url,
        )
        response = TemplateResponse(request, self.template, context)
        return self.private_response(request, response, private=show_private)

    @re_path(r"^calendar\.ics/$", name="calendar")
    def calendar(self, request):
        from programme import ical

        event = self.get_event()
        show_private = can_see_private_details(request.user, event)
        programme_url = absolute_url(self.get_url(request=request))

        def build():
            return ical.programme_calendar(
                event=event,
                sessions=self.event_sessions()[1],
                programme_url=programme_url,
                show_private_details=show_private,
            )

        # The whole programme's calendar costs about a millisecond a session to
        # build; it changes only when a purge says the programme did, so it is
        # remembered per generation (for each address and level of detail).
        content = pagecache.remember(
            f"programme-calendar:{self.pk}:{programme_url}:{int(show_private)}", build
        )
        return self.private_response(
            request,
            calendar_response(content, f"{event.slug}.ics"),
            private=show_private,
        )

    def session_context(self, request, session_slug):
        event, sessions, show_private, programme_url = self.viewer_context(
            request, slug=session_slug
        )
        if not sessions:
            raise Http404("No such session")
        return event, sessions[0], show_private, programme_url

    @path("sessions/<slug:session_slug>/", name="session")
    def session(self, request, session_slug):
        event, session, show_private, programme_url = self.session_context(
            request, session_slug
        )
        show_details = session.shows_details(show_private=show_private)
        calendar_url = programme_url + self.feed_path(
            "session_calendar", session_slug=session.slug
        )
        context = self.get_context(request)
        context.update(
            event=event,
            session=session,
            roles=list(session.roles.all()) if show_details else [],
            show_details=show_details,
            programme_url=programme_url,
            calendar_url=calendar_url,
            webcal_url=webcal_url(absolute_url(calendar_url)),
        )
        response = TemplateResponse(request, self.session_template, context)
        return self.private_response(
            request, response, private=show_private and session.is_private
        )

    @re_path(
        r"^sessions/(?P<session_slug>[-\w]+)/calendar\.ics/$", name="session_calendar"
    )
    def session_calendar(self, request, session_slug):
        from programme import ical

        event, session, show_private, programme_url = self.session_context(
            request, session_slug
        )
        content = ical.session_calendar(
            event=event,
            session=session,
            programme_url=absolute_url(programme_url),
            show_private_details=show_private,
        )
        return self.private_response(
            request,
            calendar_response(content, f"{event.slug}-{session.slug}.ics"),
            private=show_private and session.is_private,
        )


class SpeakerIndexPage(EventChildPage):
    """The people with a role in this event's published sessions."""

    required_slug = "speakers"
    event_fields = PROGRAMME_EVENT_FIELDS
    template = "programme/speaker_index_page.html"

    class Meta:
        verbose_name = _("speaker index")

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        return self.private_response(
            request, response, private=response.context_data["show_private"]
        )

    def get_context(self, request, *args, **kwargs):
        from programme import listing

        context = super().get_context(request, *args, **kwargs)
        event = self.get_event()
        show_private = can_see_private_details(request.user, event)
        context.update(
            event=event,
            people=listing.speakers(event=event, show_private=show_private),
            # The template links each role's session with `{% routablepageurl %}`.
            programme=ProgrammePage.objects.child_of(event).live().first(),
            show_private=show_private,
        )
        return context


def calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
