from django.urls import re_path
from wagtail import views as wagtail_views

# Calendar feeds are ProgrammePage routes, but their addresses end in ".ics"
# without a slash, which Wagtail's catch-all pattern does not accept; hand them
# to Wagtail's page serving all the same (routing, privacy hooks and all).
urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+calendar\.ics)$",
        wagtail_views.serve,
        name="programme_calendar",
    ),
]
