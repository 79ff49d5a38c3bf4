"""“Duplicate as a new event” in the Wagtail admin: the button, the form, the view.

The button sits in an event page's header menu and in the page listing's
“More” menu, for organisers who may add events under its events index
(`may_clone`). The form asks only what differs: the title, the first day and,
if the length changes, the last day and the address. The work is
`cloning.clone_event`; the view turns its refusals into form errors and its
result into a message and the new event's edit page.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.views import generic
from wagtail.admin.widgets import Button

from programme import cloning
from programme.models import Session
from roundtable.access import is_organiser
from roundtable.formatting import format_date_range
from roundtable.models import EventPage

URL_NAME = "programme_clone_event"
LABEL = "Duplicate as a new event"


def may_clone(user, event):
    """Organisers who may add an event beside `event` (Wagtail's page permission)."""
    return is_organiser(user) and (
        event.get_parent().permissions_for_user(user).can_add_subpage()
    )


def clone_button(page, user, *, priority):
    """The menu entry for an event page, or None for other pages and people."""
    if page.specific_class is not EventPage or not is_organiser(user):
        return None
    if not may_clone(user, page):
        return None
    return Button(
        LABEL,
        reverse(URL_NAME, args=[page.pk]),
        icon_name="copy",
        priority=priority,
    )


class CloneEventForm(forms.Form):
    title = forms.CharField(max_length=255, label="Title of the new event")
    start_date = forms.DateField(
        label="First day", widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label="Last day",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    slug = forms.SlugField(
        label="Address (slug)",
        required=False,
        help_text="Part of the new event's address; made from the title if empty.",
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        days = (event.end_date - event.start_date).days + 1
        self.fields["end_date"].help_text = ngettext(
            "Leave empty to keep the original's length: %(days)d day.",
            "Leave empty to keep the original's length: %(days)d days.",
            days,
        ) % {"days": days}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The event cannot end before it starts.")
        return cleaned


class CloneEventView(generic.WagtailAdminTemplateMixin, View):
    template_name = "programme/admin/clone_event.html"
    page_title = LABEL
    header_icon = "copy"

    def dispatch(self, request, event_id):
        self.event = get_object_or_404(EventPage, pk=event_id)
        if not may_clone(request.user, self.event):
            raise PermissionDenied
        return super().dispatch(request, event_id)

    def get_page_subtitle(self):
        return self.event.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.event.pk]),
                "label": self.event.title,
            },
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, event_id):
        return self.render(CloneEventForm(event=self.event))

    def post(self, request, event_id):
        form = CloneEventForm(request.POST, event=self.event)
        if not form.is_valid():
            return self.render(form)
        data = form.cleaned_data
        try:
            new = cloning.clone_event(
                event=self.event,
                title=data["title"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                slug=data["slug"] or None,
                user=request.user,
            )
        except ValidationError as refusal:
            for field, errors in refusal.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.render(form)
        messages.success(request, self.success_message(new))
        return redirect("wagtailadmin_pages:edit", new.pk)

    def success_message(self, new):
        count = Session.objects.filter(event=new).count()
        sessions = ngettext(
            "%(count)d session was copied as a draft",
            "%(count)d sessions were copied as drafts",
            count,
        ) % {"count": count}
        return (
            f"“{new.title}” ({format_date_range(new.start_date, new.end_date)}) "
            f"was made from “{self.event.title}” as a draft, with its programme, "
            f"speakers and participants' area pages; {sessions}. No invitations, "
            f"registrations or pre-reads were copied. Publish each when it is ready."
        )

    def render(self, form):
        context = self.get_context_data(form=form, event=self.event)
        return TemplateResponse(self.request, self.template_name, context)
