"""A change notice waiting to go to one registered person."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .invitations import Registration


class ChangeNotice(models.Model):
    """Sessions on a person's agenda that changed, gathered into one email.

    `participants.change_notices` makes one when a published session the
    person attends moves, changes room or is cancelled, and adds to it the
    sessions that change before it goes (`send_after`, a few minutes after
    the first change): several changes make one email.
    """

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="change_notices"
    )
    session_ids = models.JSONField(default=list)
    since = models.DateTimeField(help_text=_("Changes from this moment are told."))
    send_after = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # A record about a person: kept out of Wagtail's reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["send_after", "pk"]
        indexes = [
            models.Index(fields=["sent_at", "send_after"], name="change_notice_due")
        ]

    def __str__(self):
        return f"Change notice for {self.registration}"
