"""The invitations listing finds each invitee's account through an index."""

import pytest
from django.db import connection

from participants.invitations import with_progress
from participants.models import Invitation


@pytest.mark.django_db
def test_progress_looks_accounts_up_by_the_lower_email_index():
    if connection.vendor != "sqlite":
        pytest.skip(
            "SQLite's plan; tests/scale/test_query_plans.py checks PostgreSQL's"
        )
    sql, params = with_progress(Invitation.objects.all()).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        steps = [row[3] for row in cursor.fetchall()]
    assert [step for step in steps if "U0" in step] == [
        "SEARCH U0 USING INDEX user_email_lower_idx (<expr>=?)"
    ]
