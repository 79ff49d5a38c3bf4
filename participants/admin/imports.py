"""Importing invitations from a CSV file: preview each row, then confirm all of
them, or only the rows without a problem; and the blank file to fill in."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View
from wagtail.admin.views import generic

from participants import errors, import_jobs, imports
from participants.models import ImportJob
from participants.spreadsheets import import_template, read_invitation_csv
from roundtable.models import EventPage

MAX_IMPORT_BYTES = 1_000_000


class ImportForm(forms.Form):
    event = forms.ModelChoiceField(queryset=EventPage.objects.order_by("-start_date"))
    file = forms.FileField(
        required=False,
        help_text=(
            "A CSV file (UTF-8, columns separated by commas or semicolons) with "
            "a header row: name, email, organisation, kind. Kind is participant "
            "(if empty), speaker or observer."
        ),
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
        problems = sum(1 for _, problem in checked if problem)
        skip = request.POST.get("confirm") == "skip"
        if "confirm" in request.POST and (skip or not problems):
            try:
                job = import_jobs.start_import(
                    event=event,
                    content=form.cleaned_data["content"],
                    invited_by=request.user,
                    skip_problems=skip,
                )
            except errors.InvitationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("participants_invitation:import_job", job.pk)
        confirm_form = ImportForm(
            initial={"event": event, "content": form.cleaned_data["content"]}
        )
        return self.render(form, checked=checked, confirm_form=confirm_form)

    def render(self, form, **extra):
        context = self.get_context_data(form=form, **extra)
        if "checked" in extra:
            context["problem_count"] = sum(1 for _, p in extra["checked"] if p)
            context["ready_count"] = len(extra["checked"]) - context["problem_count"]
        return TemplateResponse(self.request, self.template_name, context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["template_url"] = reverse("participants_invitation:import_template")
        return context

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("participants_invitation:index"), "label": "Invitations"},
            {"url": "", "label": self.page_title},
        ]


class ImportJobView(generic.WagtailAdminTemplateMixin, View):
    """An import's progress while the worker runs it, then its summary.

    The page asks `ImportJobStatusView` for the counts every two seconds
    (without JavaScript it shows them as of its loading); a job whose worker
    stopped can be resumed from here.
    """

    template_name = "participants/admin/import_job.html"
    page_title = "Import invitations"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("participants.add_invitation"):
            raise PermissionDenied
        self.job = get_object_or_404(
            ImportJob.objects.select_related("event"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, pk):
        not_sent = import_jobs.not_sent(self.job)
        context = self.get_context_data(
            job=self.job,
            stalled=self.job.is_stalled(),
            not_sent=not_sent,
            sent=self.job.emailed - not_sent,
            status_url=reverse("participants_invitation:import_job_status", args=[pk]),
            invitations_url=(
                reverse("participants_invitation:index") + f"?event={self.job.event_id}"
            ),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk):
        try:
            import_jobs.resume(job=self.job)
        except errors.InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The import carries on where it stopped.")
        return redirect("participants_invitation:import_job", pk)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("participants_invitation:index"), "label": "Invitations"},
            {"url": reverse("participants_invitation:import"), "label": "Import"},
            {"url": "", "label": "Progress"},
        ]


class ImportJobStatusView(View):
    """The job's counts as JSON, for the progress page's refresh."""

    def get(self, request, pk):
        if not request.user.has_perm("participants.add_invitation"):
            raise PermissionDenied
        job = get_object_or_404(ImportJob, pk=pk)
        return JsonResponse(
            {
                "status": job.status,
                "status_label": job.get_status_display(),
                "total_rows": job.total_rows,
                "done_rows": job.done_rows,
                "invited": job.invited,
                "emailed": job.emailed,
                "finished": job.is_finished,
            }
        )


def import_template_view(request):
    """The blank CSV to fill in, for organisers who may import."""
    if not request.user.has_perm("participants.add_invitation"):
        raise PermissionDenied
    response = HttpResponse(import_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invitations.csv"'
    return response
