from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


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
        post_migrate.connect(
            refresh_organiser_permissions, dispatch_uid="refresh-organiser-permissions"
        )


def promote_after_publish(sender, instance, **kwargs):
    """A published breakout with more seats (or no limit) fills from its waitlist."""
    from participants import breakouts

    if instance.is_breakout and not instance.is_cancelled:
        breakouts.promote_waitlist(session=instance)


def refresh_organiser_permissions(sender, using="default", **kwargs):
    """After `migrate`, give an existing Organisers group the permissions of new models.

    Runs once, on the signal of the last app with models (Django sends none for
    the others), after every app's permissions exist; a database without the group
    (a fresh install before `load_demo`) is left alone.
    """
    with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
    if sender is not with_models[-1]:
        return
    from django.contrib.auth.models import Group

    from roundtable.access import ORGANISERS_GROUP, ensure_organisers_group

    if Group.objects.using(using).filter(name=ORGANISERS_GROUP).exists():
        ensure_organisers_group()
