from django.urls import re_path

from roundtable import routing

# Calendar feeds are ProgrammePage routes, but their addresses end in ".ics"
# without a slash, which Wagtail's catch-all pattern does not accept; hand them
# to page serving all the same (routing, privacy hooks and all).
urlpatterns = [
    re_path(
        r"^((?:[\w\-]+/)+calendar\.ics)$",
        routing.serve,
        name="programme_calendar",
    ),
]
