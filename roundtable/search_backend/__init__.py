"""Wagtail's database search backend, with SQLite's ranking read in one pass.

On PostgreSQL and MySQL this is Wagtail's backend as it is. On SQLite with FTS5
it is Wagtail's SQLite backend with one change: results ordered by relevance
(and results asked for their score) are ranked and cut to the page in one
full-text query, then read in one more. The stock backend scores each
matching row with a correlated subquery that runs the full-text MATCH again, so
a search's cost grows with the square of its matches: at 2,000 matching pages
(bench/scale.py's large size) one search took 180 ms a query, twice a page of
results; read in one pass it takes about 2 ms. Everything else (what matches,
the count, negated and match-all queries, filters, autocomplete) is Wagtail's
own code, and `tests/roundtable/test_search_backend.py` checks that both backends
return the same results in the same order.
"""

from django.db import connection
from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """Wagtail's choice of database backend, with SQLite's ranking swapped."""
    backend = database.SearchBackend(params)
    # Wagtail chose its SQLite backend, which it does only with FTS5 tables.
    if connection.vendor != "sqlite" or not database.USE_SQLITE_FTS:
        return backend
    # Imported here: its models exist only on SQLite.
    from roundtable.search_backend import sqlite

    return sqlite.SQLiteSearchBackend(params)
