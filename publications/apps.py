from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "publications"
    verbose_name = "Publications"

    def ready(self):
        from publications.models import Category
        from roundtable import pagecache

        # The publications index and reports show their categories.
        pagecache.watch_saves(Category)
