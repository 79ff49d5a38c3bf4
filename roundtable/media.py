"""Uploaded images for the development server (`make run`, DEBUG only).

In production the web server serves the media directory. Documents never go
through this view: they are served by Wagtail's document view, which checks
collection view restrictions (private pre-reads) and the report embargo.
"""

import posixpath
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404
from django.views import static

# Wagtail's image originals and renditions: the only public folders of MEDIA_ROOT.
PUBLIC_MEDIA_FOLDERS = ("original_images", "images")


def is_public_media_path(path):
    """Whether `path` (relative to MEDIA_ROOT) names a file in a public folder.

    Only the plain spelling counts: no empty, "." or ".." segment, no backslash,
    no percent-escape left after the URL was decoded. Anything else could name the
    same file as a documents/ path once the file system has read it.
    """
    if "\\" in path or unquote(path) != path:
        return False
    if posixpath.normpath(path) != path:
        return False
    folder, _, rest = path.partition("/")
    return folder in PUBLIC_MEDIA_FOLDERS and bool(rest)


def serve_public_media(request, path):
    if not is_public_media_path(path):
        raise Http404
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)
