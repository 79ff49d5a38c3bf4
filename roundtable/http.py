"""Response helpers shared by the apps."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def private(response):
    """Mark a personalised response so that no shared cache ever keeps it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
