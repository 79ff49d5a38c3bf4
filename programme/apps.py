from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programme"
    verbose_name = "Programme"

    def ready(self):
        from programme.models import Organisation, Person, Session
        from roundtable import pagecache

        # Public pages show the directory and the published programme.
        pagecache.watch_saves(Person, Organisation)
        pagecache.watch_publishing(Session)
