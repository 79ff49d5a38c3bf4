"""Names of the hooks by which an app adds links to another app's admin screen.

They live in the core so that apps side by side (participants, publications)
can use them without importing each other.
"""

# On an event's desk (participants.admin.desk): functions of (event, user)
# returning [(label, url)], e.g. publications' reports about the event.
EVENT_DESK_LINKS_HOOK = "roundtable_event_desk_links"
