# The report fixtures and helpers live with the publications tests; the cache
# and search tests here use them too.
from tests.publications.conftest import (  # noqa: F401
    embargoed_report,
    end_embargo,
    report_index,
)
