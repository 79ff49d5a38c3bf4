from django.apps import AppConfig


class RoundtableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable"
    verbose_name = "Roundtable"

    def ready(self):
        from roundtable import checks, pagecache, security  # noqa: F401

        pagecache.connect_signals()
