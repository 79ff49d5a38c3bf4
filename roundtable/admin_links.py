"""Names of the hooks by which an app adds links to another app's screens.

They live in the core so that apps side by side (participants, publications)
can use them without importing each other.
"""

# On an event's desk (participants.admin.desk): functions of (event, user)
# returning [(label, url)], e.g. publications' reports about the event.
EVENT_DESK_LINKS_HOOK = "roundtable_event_desk_links"

# On /my/ (participants.views.registrations.my_registrations), under each
# confirmed registration: functions of (registrations, request) returning
# {registration pk: [(label, url, method)]}, method "get" for a link or "post"
# for a button, e.g. letters' documents to download or ask for. One call for
# all of the person's registrations, so that the page's queries do not grow.
MY_REGISTRATION_LINKS_HOOK = "roundtable_my_registration_links"

# In the person's data export (participants.privacy.personal_data): functions
# of (user) returning {section: JSON-ready data} about them, e.g. letters' issued
# documents, added beside the participants' own sections.
PERSONAL_DATA_HOOK = "roundtable_personal_data"
