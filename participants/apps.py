from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "participants"
    verbose_name = "Participants"

    def ready(self):
        from wagtail.signals import published

        from programme.models import Session

        published.connect(
            promote_after_publish, sender=Session, dispatch_uid="promote_waitlist"
        )


def promote_after_publish(sender, instance, **kwargs):
    """A published breakout with more seats (or no limit) fills from its waitlist."""
    from participants import bookings

    if instance.is_breakout and not instance.is_cancelled:
        bookings.promote_waitlist(session=instance)
