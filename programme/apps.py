from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Programme"
