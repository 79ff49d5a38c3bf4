"""What a demo database holds, read with SQL alone (no Django, no models).

`read(path)` answers the same questions of the frozen old database and of the
same database after the current migrations, so the two answers can be compared
whole. It names the report tables as the database does: the move to the
publications app kept them (`roundtable_reportpage`, ... as `Meta.db_table`).
Content types are given as "app_label.model"; `relabelled` turns the old answer
into the one expected after the move, where the moved models' content types keep
their ids and say `publications`.
"""

import sqlite3
from contextlib import closing

# The models publications 0001 took from the roundtable app.
MOVED_TO_PUBLICATIONS = (
    "category",
    "checklistitem",
    "policypointer",
    "reportauthor",
    "reportindexpage",
    "reportpage",
)

# Rows that must come through a migration unchanged, key by key; a content type
# as "app_label.model".
ROWS = {
    "content_types_moved": """
        SELECT id, app_label || '.' || model FROM django_content_type
        WHERE app_label IN ('roundtable', 'publications') AND model IN (
            'category', 'checklistitem', 'policypointer',
            'reportauthor', 'reportindexpage', 'reportpage'
        )
        ORDER BY id""",
    "pages": """
        SELECT p.id, p.path, p.slug, p.url_path, p.title, p.live,
               ct.app_label || '.' || ct.model
        FROM wagtailcore_page p JOIN django_content_type ct ON ct.id = p.content_type_id
        ORDER BY p.id""",
    "sessions": """
        SELECT id, event_id, slug, uid, kind, status, capacity, live
        FROM programme_session ORDER BY id""",
    "reports": """
        SELECT r.page_ptr_id, p.slug, r.publication_date, r.related_event_id, r.pdf_id
        FROM roundtable_reportpage r JOIN wagtailcore_page p ON p.id = r.page_ptr_id
        ORDER BY r.page_ptr_id""",
    "report_indexes": """
        SELECT page_ptr_id FROM roundtable_reportindexpage ORDER BY page_ptr_id""",
    "report_categories": """
        SELECT reportpage_id, category_id FROM roundtable_reportpage_categories
        ORDER BY reportpage_id, category_id""",
    "categories": "SELECT id, slug, kind FROM roundtable_category ORDER BY id",
    "report_authors": """
        SELECT id, page_id, person_id, sort_order FROM roundtable_reportauthor
        ORDER BY id""",
    "policy_pointers": """
        SELECT id, page_id, anchor, sort_order FROM roundtable_policypointer
        ORDER BY id""",
    "policy_pointer_sessions": """
        SELECT policypointer_id, session_id FROM roundtable_policypointer_sessions
        ORDER BY policypointer_id, session_id""",
    "checklist_items": """
        SELECT id, page_id, session_id, sort_order FROM roundtable_checklistitem
        ORDER BY id""",
    "users": """
        SELECT id, email, is_staff, is_superuser FROM participants_user ORDER BY id""",
    "invitations": """
        SELECT id, event_id, email, kind, status FROM participants_invitation
        ORDER BY id""",
    "registrations": """
        SELECT id, event_id, user_id, invitation_id, status, pass_code
        FROM participants_registration ORDER BY id""",
    "bookings": """
        SELECT id, session_id, registration_id, status, position
        FROM participants_breakoutbooking ORDER BY id""",
}
# Rows by content type, as {"app_label.model": count}.
COUNTED_BY_TYPE = {
    "revisions_by_type": """
        SELECT ct.app_label || '.' || ct.model, count(*) FROM wagtailcore_revision r
        JOIN django_content_type ct ON ct.id = r.content_type_id GROUP BY 1""",
    "page_log_entries_by_type": """
        SELECT ct.app_label || '.' || ct.model, count(*) FROM wagtailcore_pagelogentry e
        JOIN django_content_type ct ON ct.id = e.content_type_id GROUP BY 1""",
}

# Tables whose number of rows must not change.
COUNTED = (
    "account_emailaddress",
    "auth_group",
    "participants_checkin",
    "participants_user_groups",
    "programme_person",
    "programme_sessionrole",
    "wagtailcore_collection",
    "wagtailcore_modellogentry",
    "wagtailcore_pageviewrestriction",
    "wagtailcore_referenceindex",
    "wagtailcore_revision",
    "wagtaildocs_document",
    "wagtailimages_image",
    "wagtailsearch_indexentry",
)


def read(path):
    """ROWS, COUNTED_BY_TYPE and COUNTED of the SQLite database at `path`."""
    with closing(sqlite3.connect(path)) as db:
        manifest = {
            name: [list(row) for row in db.execute(query)]
            for name, query in ROWS.items()
        }
        for name, query in COUNTED_BY_TYPE.items():
            manifest[name] = dict(sorted(db.execute(query)))
        manifest["counts"] = {
            table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
            for table in COUNTED
        }
    return manifest


def relabelled(value):
    """`value` with "roundtable.<moved model>" said as "publications.<moved model>".

    >>> relabelled([[11, "roundtable.reportpage"], [5, "roundtable.eventpage"]])
    [[11, 'publications.reportpage'], [5, 'roundtable.eventpage']]
    >>> relabelled({"roundtable.category": 1, "roundtable.homepage": 2})
    {'publications.category': 1, 'roundtable.homepage': 2}
    """
    if isinstance(value, dict):
        return dict(
            sorted((relabelled(key), relabelled(item)) for key, item in value.items())
        )
    if isinstance(value, list):
        return [relabelled(item) for item in value]
    if isinstance(value, str):
        app_label, _, model = value.partition(".")
        if app_label == "roundtable" and model in MOVED_TO_PUBLICATIONS:
            return f"publications.{model}"
    return value
