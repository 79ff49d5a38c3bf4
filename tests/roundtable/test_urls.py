import importlib
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import roundtable.urls


@pytest.fixture
def debug_urls(settings):
    """The URLconf as `make run` (DEBUG) builds it, restored afterwards."""
    with override_settings(DEBUG=True):
        importlib.reload(roundtable.urls)
        clear_url_caches()
        yield
    importlib.reload(roundtable.urls)
    clear_url_caches()


def test_dev_server_serves_images_but_never_documents_by_media_url(
    client, settings, debug_urls, home_page
):
    media = Path(settings.MEDIA_ROOT)
    for folder in ("documents", "images"):
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / "probe.txt").write_text("secret pre-read")

    assert client.get("/media/images/probe.txt").status_code == 200
    response = client.get("/media/documents/probe.txt")
    assert response.status_code == 404
    assert b"secret pre-read" not in response.content
