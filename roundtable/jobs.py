"""What every job the task worker does in steps has in common: finished, or
stalled (failed, or not moving because its worker is gone)."""

import datetime

from django.utils import timezone

# A running job touches `updated_at` at least this often while its worker lives.
STALLED_AFTER = datetime.timedelta(minutes=2)


class WorkerJob:
    """For a model with a `status` whose `Status` has DONE and FAILED, and an
    `updated_at` its worker touches as it moves (`ImportJob`, `LetterBundle`)."""

    @property
    def is_finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    def is_stalled(self, *, now=None):
        """Whether the job stopped before its end: an error, or no move for a
        while."""
        if self.status == self.Status.FAILED:
            return True
        if self.status == self.Status.DONE:
            return False
        return (now or timezone.now()) - self.updated_at > STALLED_AFTER
