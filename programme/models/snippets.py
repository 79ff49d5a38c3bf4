import uuid

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
)
from wagtail.search import index

from programme import facts
from roundtable import pagecache


def organisation_display_name(name, short_name):
    """The name with its acronym, as a reader expects to see it."""
    if short_name and short_name not in name:
        return f"{name} ({short_name})"
    return name


def person_full_name(honorific, name):
    return f"{honorific} {name}".strip()


class Organisation(index.Indexed, models.Model):
    """An institution: an organiser of an event, or a person's employer."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(
        max_length=64, blank=True, help_text=_("An acronym such as ‘ICRC’.")
    )
    url = models.URLField("website", blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("url"),
        FieldPanel("logo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return organisation_display_name(self.name, self.short_name)


class Person(index.Indexed, models.Model):
    """Someone with a public role: a speaker, a chair, an author."""

    honorific = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=255)
    position = models.CharField(max_length=255, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    country = models.CharField(max_length=100, blank=True)
    bio = models.TextField("short biography", blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_fictional = models.BooleanField(
        default=False,
        help_text=_("A sample person for demonstration; shown with a marker."),
    )

    panels = [
        FieldPanel("honorific"),
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("organisation"),
        FieldPanel("country"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("is_fictional"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("position"),
        index.AutocompleteField("name"),
        index.RelatedFields("organisation", [index.SearchField("name")]),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return person_full_name(self.honorific, self.name)


class Session(
    PreviewableMixin,
    LockableMixin,
    DraftStateMixin,
    RevisionMixin,
    index.Indexed,
    ClusterableModel,
):
    """One slot of an event's programme, edited as a snippet with revisions."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        PANEL = "panel", _("Panel")
        BREAKOUT = "breakout", _("Breakout")
        BREAK = "break", _("Break")
        MEAL = "meal", _("Meal")
        WAY_FORWARD = "way_forward", _("Way forward")
        OTHER = "other", _("Other")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: full details for everyone")
        PARTICIPANTS = (
            facts.PARTICIPANTS_ONLY,
            _("Participants only: the public sees an outline"),
        )

    class Attribution(models.TextChoices):
        ON_RECORD = "on_record", _("On the record")
        CHATHAM_HOUSE = "chatham_house", _("Chatham House Rule")
        CLOSED = "closed", _("Closed")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = facts.CANCELLED, _("Cancelled")

    event = models.ForeignKey(
        "roundtable.EventPage", on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=255)
    slug = models.SlugField(
        max_length=100, help_text=_("Part of the session's address; unique per event.")
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PLENARY)
    theme = models.ForeignKey(
        "roundtable.EventTheme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    start = models.DateTimeField(help_text=_("In the event's time zone."))
    end = models.DateTimeField(help_text=_("In the event's time zone."))
    room = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    materials = RichTextField(
        features=["bold", "italic", "link", "document-link", "ul"],
        blank=True,
        help_text=_("Pre-reads and documents; shown with the details."),
    )
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    attribution = models.CharField(
        max_length=16, choices=Attribution.choices, default=Attribution.CHATHAM_HOUSE
    )
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Breakouts only; leave empty for no limit."),
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.SCHEDULED
    )
    explicitly_saved = models.BooleanField(
        default=True,
        editable=False,
        help_text=_(
            "Off while the session is only Wagtail's autosave of a new session "
            "that nobody has saved or published yet; such a draft takes no room "
            "and no one's time (`programme.services.counted`)."
        ),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    panels = [
        FieldPanel("event"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("theme")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("room"), FieldPanel("capacity")]),
        FieldPanel("status"),
        FieldRowPanel([FieldPanel("visibility"), FieldPanel("attribution")]),
        FieldPanel("description"),
        FieldPanel("materials"),
        InlinePanel("roles", heading=_("Roles"), label=_("Role")),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.RelatedFields(
            "roles", [index.RelatedFields("person", [index.SearchField("name")])]
        ),
        index.FilterField("event"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("visibility"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["start", "room", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slug"],
                name="unique_session_slug_per_event",
                violation_error_message=_(
                    "Another session of this event already uses this slug."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")),
                name="session_ends_after_start",
                violation_error_message=_("The session must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        from programme import services

        services.validate_session(session=self)

    def publish(self, revision, *args, **kwargs):
        """Publish, then log what changed for the public and bump SEQUENCE.

        One transaction, and one purge of the page cache for the whole.
        """
        from programme import services

        with transaction.atomic(), pagecache.coalesced():
            previous = services.live_state(session_id=self.pk)
            result = super().publish(revision, *args, **kwargs)
            services.record_publication(session_id=self.pk, previous=previous)
        return result

    # Labels by enum lookup: get_FOO_display() rebuilds a dict of its choices on
    # every call, which showed up in the programme page's profile.
    @property
    def kind_label(self):
        return str(self.Kind(self.kind).label)

    @property
    def attribution_label(self):
        return str(self.Attribution(self.attribution).label)

    @property
    def is_breakout(self):
        return self.kind == self.Kind.BREAKOUT

    @property
    def is_cancelled(self):
        return facts.is_cancelled(self.status)

    @property
    def is_private(self):
        return facts.is_private(self.visibility)

    @property
    def facts(self):
        """Kind, room and places, as the programme's card lists them."""
        return facts.session_facts(self.kind_label, self.room, self.capacity)

    @property
    def places_label(self):
        return facts.places_label(self.capacity)

    @property
    def css_class(self):
        return facts.session_css_class(self.kind, self.status)

    def shows_details(self, *, show_private):
        """Whether a viewer sees its people, description and materials."""
        return facts.shows_details(self.visibility, show_private=show_private)

    def local_start(self):
        return timezone.localtime(self.start, self.event.tzinfo)

    def local_end(self):
        return timezone.localtime(self.end, self.event.tzinfo)

    def get_preview_template(self, request, mode_name):
        return "programme/session_preview.html"

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context.update(
            event=self.event,
            session=self,
            roles=list(self.roles.all()),
            show_details=True,
        )
        return context


class SessionRole(Orderable):
    """A person's part in a session: chair, speaker and so on, in order."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SPEAKER = "speaker", _("Speaker")
        DISCUSSANT = "discussant", _("Discussant")
        RAPPORTEUR = "rapporteur", _("Rapporteur")
        MODERATOR = "moderator", _("Moderator")

    session = ParentalKey(Session, on_delete=models.CASCADE, related_name="roles")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="session_roles"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.SPEAKER)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = _("session role")

    def __str__(self):
        return f"{self.role_label}: {self.person}"

    @property
    def role_label(self):
        return str(self.Role(self.role).label)


class SessionChange(models.Model):
    """A change to a published session that the public should hear about."""

    class Field(models.TextChoices):
        TITLE = "title", _("Title")
        TIME = "time", _("Time")
        ROOM = "room", _("Room")
        STATUS = "status", _("Status")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    field = models.CharField(max_length=16, choices=Field.choices)
    old = models.TextField(blank=True)
    new = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.session}: {self.get_field_display()} {self.old} → {self.new}"
