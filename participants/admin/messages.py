"""Messages to participants: write, preview, send; and each delivery's state.

Organisers write a message on the compose screen (preview for the first
recipient, then send); the worker sends it (`participants.messages`). The
Messages listing and each message's screen show how many went, and the
deliveries listing shows each person's state. Nothing here edits or deletes
a message once sent.
"""

import uuid

from django import forms
from django.contrib import messages as flash
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from participants import messages
from participants.admin.base import OrganiserOnlyMixin, SafeExportMixin
from participants.errors import MessageError
from participants.models import Message, MessageDelivery
from programme.models import Session
from roundtable.admin_times import (
    EventTimesIndexMixin,
    EventTimesInspectView,
    EventTimesViewSetMixin,
)
from roundtable.formatting import format_slot
from roundtable.models import EventPage


class BreakoutChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, session):
        when = format_slot(session.start, session.end, session.event.tzinfo)
        return f"{session.title} – {session.event.title}, {when}"


def _placeholder_help():
    return "Placeholders: " + "; ".join(
        f"{{{name}}} is {meaning}" for name, meaning in messages.PLACEHOLDERS.items()
    )


class ComposeForm(forms.Form):
    event = forms.ModelChoiceField(queryset=EventPage.objects.order_by("-start_date"))
    audience = forms.ChoiceField(choices=Message.Audience.choices, label="Send to")
    session = BreakoutChoiceField(
        queryset=Session.objects.filter(kind=Session.Kind.BREAKOUT, live=True)
        .select_related("event")
        .order_by("-event__start_date", "start", "title"),
        required=False,
        label="Breakout",
        help_text="For a breakout's confirmed participants or its waitlist.",
    )
    day = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For the people checked in on a day.",
    )
    subject = forms.CharField(max_length=200)
    body = forms.CharField(
        label="Message",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_placeholder_help(),
    )
    nonce = forms.UUIDField(widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            messages.check_placeholders(cleaned["subject"] + cleaned["body"])
            messages.check_audience(
                event=cleaned["event"],
                audience=cleaned["audience"],
                session=cleaned.get("session"),
                day=cleaned.get("day"),
            )
        except MessageError as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


class ComposeMessageView(OrganiserOnlyMixin, generic.WagtailAdminTemplateMixin, View):
    """Write a message, preview it for its first recipient, then send it."""

    template_name = "participants/admin/compose_message.html"
    page_title = "Write a message"
    header_icon = "mail"

    def get(self, request):
        initial = {"nonce": uuid.uuid4(), "audience": Message.Audience.CONFIRMED}
        if request.GET.get("event", "").isdecimal():
            initial["event"] = request.GET["event"]
        return self.render(ComposeForm(initial=initial))

    def post(self, request):
        form = ComposeForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        audience = {
            "event": data["event"],
            "audience": data["audience"],
            "session": data.get("session"),
            "day": data.get("day"),
        }
        if "send" not in request.POST:
            count, first, subject, body = messages.preview(
                subject=data["subject"], body=data["body"], **audience
            )
            return self.render(
                form,
                preview={"count": count, "to": first, "subject": subject, "body": body},
            )
        try:
            message, created = messages.send_message(
                subject=data["subject"],
                body=data["body"],
                nonce=data["nonce"],
                sent_by=request.user,
                **audience,
            )
        except MessageError as error:
            form.add_error(None, str(error))
            return self.render(form)
        if created:
            count = message.deliveries.count()
            flash.success(
                request,
                f"Sending to {count} {'person' if count == 1 else 'people'}: the "
                "worker sends them, and this page shows how many have gone.",
            )
        else:
            flash.info(request, "This message was sent already; it was not sent again.")
        return redirect("participants_message:inspect", message.pk)

    def render(self, form, **extra):
        context = self.get_context_data(form=form, **extra)
        return TemplateResponse(self.request, self.template_name, context)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("participants_message:index"), "label": "Messages"},
            {"url": "", "label": self.page_title},
        ]


class MessageIndexView(EventTimesIndexMixin, SafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("event", "sent_by")

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                "Write a message",
                url=reverse("participants_message_compose"),
                icon_name="mail",
            ),
        ]


class MessageInspectView(EventTimesInspectView):
    template_name = "participants/admin/message_inspect.html"

    def get_fields_context(self):
        """The message's fields, less a breakout or day its audience has none of."""
        empty = {name for name in ("session", "day") if not getattr(self.object, name)}
        shown = [name for name in self.fields if name not in empty]
        return [self.get_context_for_field(name) for name in shown]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        message = self.object
        context["counts"] = messages.delivery_counts(message=message)
        context["deliveries_url"] = (
            reverse("participants_delivery:index") + f"?message={message.pk}"
        )
        return context


class MessageViewSet(EventTimesViewSetMixin, ModelViewSet):
    """Messages sent, for organisers; written on the compose screen only."""

    model = Message
    icon = "mail"
    menu_label = "Messages"
    url_prefix = "participants/messages"
    add_to_admin_menu = False
    index_view_class = MessageIndexView
    inspect_view_class = MessageInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["subject", "event", "audience", "status", "created_at", "sent_by"]
    list_filter = ["event", "audience", "status"]
    search_fields = ["subject", "body"]
    list_export = ["subject", "event", "audience", "status", "created_at", "sent_by"]
    inspect_view_fields = [
        "event",
        "audience",
        "session",
        "day",
        "subject",
        "body",
        "status",
        "sent_by",
        "created_at",
        "finished_at",
    ]
    event_times = {"created_at": "event", "finished_at": "event"}
    form_fields = []


class DeliveryIndexView(EventTimesIndexMixin, SafeExportMixin, generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("message__event")

    def get_add_url(self):
        return None


class DeliveryViewSet(EventTimesViewSetMixin, ModelViewSet):
    """Each message's state per person: queued, sent or failed and why."""

    model = MessageDelivery
    icon = "mail"
    menu_label = "Message deliveries"
    url_prefix = "participants/message-deliveries"
    add_to_admin_menu = False
    index_view_class = DeliveryIndexView
    list_display = ["name", "email", "message", "status", "sent_at", "error"]
    list_filter = ["message", "status"]
    search_fields = ["name", "email"]
    list_export = ["name", "email", "message", "status", "sent_at", "error"]
    event_times = {"sent_at": "message.event"}
    copy_view_enabled = False
    form_fields = []
