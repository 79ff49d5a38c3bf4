"""Importing invitations from a CSV file: preview each row, then confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import ngettext
from django.views import View
from wagtail.admin.views import generic

from participants import errors, imports
from participants.spreadsheets import read_invitation_csv
from roundtable.models import EventPage

MAX_IMPORT_BYTES = 1_000_000


class ImportForm(forms.Form):
    event = forms.ModelChoiceField(queryset=EventPage.objects.order_by("-start_date"))
    file = forms.FileField(
        required=False,
        help_text="A CSV file with a header row: name, email, organisation, kind.",
    )
    content = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB.")
            try:
                cleaned["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as CSV (UTF-8)."
                ) from error
        if not cleaned.get("content"):
            raise forms.ValidationError("Choose a CSV file.")
        try:
            cleaned["rows"] = read_invitation_csv(cleaned["content"])
        except Exception as error:  # noqa: BLE001 - csv raises several kinds
            raise forms.ValidationError("The file could not be read as CSV.") from error
        if not cleaned["rows"]:
            raise forms.ValidationError("The file has no rows below its header.")
        return cleaned


class ImportInvitationsView(generic.WagtailAdminTemplateMixin, View):
    """Upload a CSV, see each row's problem, then confirm; nothing saved before."""

    template_name = "participants/admin/import.html"
    page_title = "Import invitations"
    header_icon = "upload"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.add_invitation"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        event, rows = form.cleaned_data["event"], form.cleaned_data["rows"]
        checked = imports.check_import(event=event, rows=rows)
        if "confirm" in request.POST and not any(problem for _, problem in checked):
            try:
                invited = imports.import_invitations(
                    event=event, rows=rows, invited_by=request.user
                )
            except errors.InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d invitation sent.",
                        "%(count)d invitations sent.",
                        len(invited),
                    )
                    % {"count": len(invited)},
                )
                return redirect("participants_invitation:index")
        confirm_form = ImportForm(
            initial={"event": event, "content": form.cleaned_data["content"]}
        )
        return self.render(form, checked=checked, confirm_form=confirm_form)

    def render(self, form, **extra):
        context = self.get_context_data(form=form, **extra)
        if "checked" in extra:
            context["problem_count"] = sum(1 for _, p in extra["checked"] if p)
        return TemplateResponse(self.request, self.template_name, context)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("participants_invitation:index"), "label": "Invitations"},
            {"url": "", "label": self.page_title},
        ]
