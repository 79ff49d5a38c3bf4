from django.apps import AppConfig


class RoundtableConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roundtable"
    verbose_name = "Roundtable"

    def ready(self):
        from roundtable import caching, checks, pagecache  # noqa: F401

        caching.connect_signals()
        pagecache.connect_signals()
