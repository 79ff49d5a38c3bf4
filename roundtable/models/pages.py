import zoneinfo
from datetime import datetime, time, timedelta

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from roundtable import clock
from roundtable.formatting import format_date_range, time_zone_label
from roundtable.models.questions import FEEDBACK_PANELS, REGISTRATION_QUESTIONS_PANEL
from roundtable.visibility import (
    ReadWithRestrictions,
    has_own_restriction,
    mark_open,
    open_path,
    public_pages,
)

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3"]
TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def split_upcoming_and_past(events):
    """Upcoming events soonest first, past events latest first, in one query."""
    today = timezone.localdate()
    events = list(events.order_by("-start_date"))
    return {
        "upcoming_events": [e for e in events if e.end_date >= today][::-1],
        "past_events": [e for e in events if e.end_date < today],
    }


class HomePage(ReadWithRestrictions, Page):
    """The site root: what the roundtable series is, its events and outcomes."""

    introduction = models.TextField(blank=True)
    body = RichTextField(features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    template = "roundtable/home_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(split_upcoming_and_past(public_pages(EventPage.objects.all())))
        return context

    def route(self, request, path_components):
        """Wagtail's routing from the site root, the pages along the path in one query.

        Wagtail's `Page.route` reads each level's child, then that child as its
        own class: two queries a level; serving then reads the page's ancestors
        and their view restrictions: two more. The pages along the path are the
        ones below this page whose depth and slug match the path's segments
        (both indexed columns); they are read at once with this page's
        ancestors, as plain pages, each with whether a restriction sits on it.
        Routing then walks them as Wagtail would. A page on the way whose class
        has its own `route()` (a routable page, the publications index) is
        handed the rest of the path, and the page found is read as its own
        class and routes what remains (itself, if live), as in Wagtail. When
        nothing on the way is restricted or an alias, the page found is marked
        so (`visibility.mark_open`) and serving asks no more.
        """
        rows = self._pages_along(path_components)
        ancestors = [page for page in rows if page.depth <= self.depth]
        is_open = len(ancestors) == self.depth and open_path(ancestors)
        if not path_components:
            if is_open:
                mark_open(self)
            return super().route(request, path_components)
        parent = self
        for depth, page in enumerate(self._chain(rows, path_components), start=1):
            is_open = is_open and open_path([page])
            remaining = path_components[depth:]
            if not remaining or page.specific_class.route is not Page.route:
                specific = page.specific
                specific._cached_parent_obj = parent
                if is_open:
                    mark_open(specific)
                return specific.route(request, remaining)
            parent = page
        raise Http404

    def _pages_along(self, path_components):
        """This page, its ancestors and the pages below it that the path's
        segments may name, each with whether a restriction sits on it."""
        steplen = Page.steplen
        rows = Q(path__in=[self.path[: steplen * n] for n in range(1, self.depth + 1)])
        matches = Q()
        for level, slug in enumerate(path_components, start=1):
            matches |= Q(depth=self.depth + level, slug=slug)
        if path_components:
            rows |= matches & Q(path__startswith=self.path)
        return list(
            Page.objects.filter(rows)
            .only("id", "path", "depth", "slug", "content_type_id", "live", "alias_of")
            .annotate(restricted=has_own_restriction())
        )

    def _chain(self, rows, path_components):
        """The pages named by the path's segments, top first, as far as they go."""
        by_parent_and_slug = {
            (page.path[: -Page.steplen], page.slug): page
            for page in rows
            if page.depth > self.depth
        }
        chain, parent_path = [], self.path
        for slug in path_components:
            page = by_parent_and_slug.get((parent_path, slug))
            if page is None:
                break
            chain.append(page)
            parent_path = page.path
        return chain


class EventIndexPage(ReadWithRestrictions, Page):
    """/events/: the upcoming and past roundtables."""

    introduction = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["roundtable.HomePage"]
    subpage_types = ["roundtable.EventPage"]
    template = "roundtable/event_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            split_upcoming_and_past(public_pages(EventPage.objects.child_of(self)))
        )
        return context


class EventPage(ReadWithRestrictions, Page):
    """One roundtable: its dates, venue, organisers, purpose and themes."""

    introduction = models.TextField(
        blank=True, help_text=_("One or two sentences that open the event page.")
    )
    start_date = models.DateField()
    end_date = models.DateField()
    time_zone = models.CharField(
        max_length=64, choices=TIME_ZONE_CHOICES, default="Asia/Singapore"
    )
    venue_name = models.CharField(max_length=255, blank=True)
    venue_address = models.TextField(blank=True)
    venue_map_url = models.URLField("map link", blank=True)
    invitation_only = models.BooleanField(default=True)
    background = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    aims_introduction = models.TextField(blank=True)
    themes_introduction = models.TextField(blank=True)
    format = RichTextField(
        "format",
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("How the sessions work: breakouts, way forward, outcomes."),
    )
    audience = models.TextField(
        "who takes part", blank=True, help_text=_("Who the roundtable brings together.")
    )
    contact_email = models.EmailField(blank=True)
    illustrative_note = models.TextField(
        _("illustrative content"),
        blank=True,
        help_text=_(
            "Only for a sample or demonstration event: say what its pages show "
            "for illustration rather than as fact (e.g. the timetable, rooms or "
            "people). It is shown, marked “Illustrative”, on the event, its "
            "programme, sessions, speakers, participants' area and calendar "
            "files. Leave empty for a real event."
        ),
    )
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    requires_approval = models.BooleanField(
        default=False,
        help_text=_("Organisers confirm each registration before it counts."),
    )
    invitation_validity_days = models.PositiveSmallIntegerField(
        default=30, help_text=_("How long an invitation link stays valid.")
    )
    change_notices = models.BooleanField(
        _("email change notices"),
        default=True,
        help_text=_(
            "When a published session moves, changes room or is cancelled, "
            "email the people whose agenda has it, with an updated calendar "
            "entry. Changes made within a few minutes go in one email."
        ),
    )
    feedback_open = models.BooleanField(
        _("feedback survey open"),
        default=False,
        help_text=_(
            "Once the event has ended: confirmed participants can answer the "
            "survey, once each, from their page and the emailed link."
        ),
    )
    feedback_anonymous = models.BooleanField(
        _("anonymous answers"),
        default=True,
        help_text=_(
            "Answers are stored with no link to the person who gave them; only "
            "that they have answered is kept. Applies to answers given from now on."
        ),
    )
    feedback_introduction = models.TextField(
        blank=True, help_text=_("Shown above the survey's questions.")
    )
    participant_group = models.OneToOneField(
        Group,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="event",
    )

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("venue_map_url"),
            ],
            heading=_("Where"),
        ),
        InlinePanel("organisers", heading=_("Organisers"), label=_("Organiser")),
        FieldPanel("background"),
        FieldPanel("aims_introduction"),
        InlinePanel("aims", heading=_("Aims"), label=_("Aim")),
        FieldPanel("themes_introduction"),
        InlinePanel("themes", heading=_("Themes"), label=_("Theme")),
        FieldPanel("format"),
        FieldPanel("audience"),
        FieldPanel("contact_email"),
        FieldPanel("illustrative_note"),
    ]
    registration_panels = [
        FieldPanel("invitation_only"),
        FieldRowPanel(
            [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
        ),
        FieldPanel("requires_approval"),
        FieldPanel("invitation_validity_days"),
        FieldPanel("change_notices"),
        REGISTRATION_QUESTIONS_PANEL,
    ]
    feedback_panels = FEEDBACK_PANELS
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(feedback_panels, heading=_("Feedback")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("background"),
        index.SearchField("aims_introduction"),
        index.SearchField("themes_introduction"),
        index.SearchField("format"),
        index.SearchField("audience"),
        index.SearchField("venue_name"),
        index.RelatedFields("aims", [index.SearchField("text")]),
        index.RelatedFields(
            "themes", [index.SearchField("title"), index.SearchField("topics")]
        ),
        index.RelatedFields(
            "organisers",
            [
                index.RelatedFields(
                    "organisation",
                    [index.SearchField("name"), index.SearchField("short_name")],
                )
            ],
        ),
        index.FilterField("start_date"),
    ]
    parent_page_types = ["roundtable.EventIndexPage"]
    exclude_fields_in_copy = ["participant_group", "feedback_open"]
    template = "roundtable/event_page.html"

    class Meta:
        verbose_name = _("event")
        # Checked by `roundtable.access.is_organiser`; the Organisers group holds it.
        permissions = [("organise_events", _("Can organise events"))]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The event cannot end before it starts.")}
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes < opens:
            raise ValidationError(
                {
                    "registration_closes_at": _(
                        "Registration cannot close before it opens."
                    )
                }
            )
        if self.feedback_open and self.end_date and not self.has_ended:
            raise ValidationError(
                {
                    "feedback_open": _(
                        "The survey can be opened only once the event (%(dates)s) "
                        "has ended."
                    )
                    % {"dates": self.date_range}
                }
            )

    def save(self, *args, **kwargs):
        if self.participant_group_id is None:
            self.participant_group = self._make_participant_group()
        super().save(*args, **kwargs)

    def _make_participant_group(self):
        base = f"Participants: {self.title}"[:120]
        name, suffix = base, 2
        while Group.objects.filter(name=name).exists():
            name, suffix = f"{base} ({suffix})", suffix + 1
        return Group.objects.create(name=name)

    @property
    def date_range(self):
        return format_date_range(self.start_date, self.end_date)

    @property
    def days(self):
        """The event's days, first to last, as dates."""
        count = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=n) for n in range(max(count, 0))]

    @cached_property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def starts_at(self):
        """Midnight at the start of the first day, in the event's time zone."""
        return datetime.combine(self.start_date, time.min, tzinfo=self.tzinfo)

    @property
    def ends_at(self):
        """The end of the last day, in the event's time zone."""
        return datetime.combine(self.end_date, time.max, tzinfo=self.tzinfo)

    @property
    def time_zone_label(self):
        return time_zone_label(self.time_zone, self.starts_at)

    @property
    def is_past(self):
        return self.end_date < timezone.localdate()

    @property
    def has_ended(self):
        """Whether the last day is over in the event's time zone (`clock.now`).

        An ended event takes no more answers, registrations or bookings.
        """
        return clock.now() > self.ends_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisers"] = [
            link.organisation for link in self.organisers.select_related("organisation")
        ]
        context["aims"] = list(self.aims.all())
        context["themes"] = list(self.themes.all())
        return context
