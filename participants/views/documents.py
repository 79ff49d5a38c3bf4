"""Documents, pre-reads among them, through Wagtail's serve view."""

from django.utils.cache import add_never_cache_headers
from wagtail.documents.views.serve import serve


def serve_document(request, document_id, document_filename):
    """Wagtail's document view; files of restricted collections stay out of caches."""
    response = serve(request, document_id, document_filename)
    if getattr(request, "roundtable_restricted_document", False):
        add_never_cache_headers(response)
    return response
