"""The participants' area: the private page, breakout bookings, feeds and check-in.

The page's rules live in `participants.area`; state changes in the services
(`participants.breakouts`, `participants.feeds`, `participants.checkin`).
"""

from django.conf import settings
from django.db import models
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from participants.area import ensure_area_privacy, listed_participants, pre_reads
from programme.models.pages import EventChildPage

from .invitations import Registration


class ParticipantAreaPage(EventChildPage):
    """The event's private page: logistics, pre-reads and the participant list.

    Saving it makes (idempotently) its view restriction to the event's
    participants and the organisers, and the private collection for pre-reads.
    """

    required_slug = "participants"
    template = "participants/participant_area_page.html"

    logistics = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        blank=True,
    )
    collection = models.ForeignKey(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The private collection holding this event's pre-reads."),
    )

    content_panels = EventChildPage.content_panels + [FieldPanel("logistics")]
    # A copy (Wagtail's "Copy" of an event with its subpages) gets a collection
    # of its own when saved: the original's holds pre-reads private to the
    # original's participants, and `ensure_area_privacy` would open it to the
    # copy's.
    exclude_fields_in_copy = ["collection"]
    # Private: nothing of it goes into the site search index.
    search_fields = []

    class Meta:
        verbose_name = _("participants' area")

    @classmethod
    def url_path_subquery(cls, event):
        """The `url_path` of the live area under `event` (an OuterRef's prefix).

        For annotating a query, so that `area_url` needs no query of its own.
        """
        return models.Subquery(
            cls.objects.live()
            .filter(
                path__startswith=models.OuterRef(f"{event}path"),
                depth=models.OuterRef(f"{event}depth") + 1,
            )
            .values("url_path")[:1]
        )

    @classmethod
    def area_url(cls, url_path, request=None):
        """Wagtail's address (`get_url`) of the area page at `url_path`, or None."""
        if not url_path:
            return None
        return cls(url_path=url_path).get_url(request=request)

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        ensure_area_privacy(page=self)
        return result

    def get_sitemap_urls(self, request=None):
        return []

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        event = self.get_event()
        context.update(
            event=event,
            pre_reads=pre_reads(page=self),
            participants=listed_participants(event=event, page=request.GET.get("page")),
        )
        return context


class BreakoutBooking(models.Model):
    """A confirmed registration's place (or place in the queue) in a breakout."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        "programme.Session", on_delete=models.CASCADE, related_name="bookings"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="bookings"
    )
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    position = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Place in the waitlist, lowest first.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # A booking is a participant's record, not content that uses the session:
    # keep it out of Wagtail's reference index (whose update, queued as a task on
    # every save, cost each booking an extra write).
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["session__start", "session__title", "status", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "registration"],
                name="unique_booking_per_session_registration",
            )
        ]

    def __str__(self):
        return f"{self.registration.user} in {self.session}"

    @property
    def participant_name(self):
        return str(self.registration.user)

    @property
    def participant_email(self):
        return self.registration.user.email

    @property
    def organisation(self):
        return self.registration.invitation.organisation


class CalendarFeed(models.Model):
    """A person's personal calendar address; rotating it replaces the token.

    The token itself is stored (not a hash) because /my/ shows the address at
    any time; it only opens the person's agenda, never their account.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rotated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


class CheckIn(models.Model):
    """A participant's arrival on one day of the event, recorded once."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="check_ins"
    )
    day = models.DateField()
    checked_in_at = models.DateTimeField(auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # A record about a person, not content that uses the event: kept out of
    # Wagtail's reference index, whose update is a task queued on every save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["day", "checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "day"], name="unique_check_in_per_day"
            )
        ]

    def __str__(self):
        return f"{self.registration.user} on {self.day}"


class ErasedParticipation(models.Model):
    """What is left of a registration when its person deletes their account.

    No personal data: the event, the status it had, how many days it covered
    and how many were checked in, so attendance counts stay right.
    """

    event = models.ForeignKey(
        "roundtable.EventPage",
        on_delete=models.CASCADE,
        related_name="erased_participations",
    )
    status = models.CharField(max_length=20, choices=Registration.Status.choices)
    days = models.PositiveSmallIntegerField(default=0)
    days_checked_in = models.PositiveSmallIntegerField(default=0)
    erased_on = models.DateField(auto_now_add=True)

    # A count left of a person's record, not content that uses the event: kept
    # out of Wagtail's reference index, whose update is a task queued on save.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["event", "erased_on"]

    def __str__(self):
        return f"An erased registration at {self.event}"
