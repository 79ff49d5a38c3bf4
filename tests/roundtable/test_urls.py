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


@pytest.mark.parametrize(
    "url",
    [
        "/media//documents/probe.txt",
        "/media///documents/probe.txt",
        "/media/./documents/probe.txt",
        "/media/%2e/documents/probe.txt",
        "/media/%2E/documents/probe.txt",
        "/media/images/../documents/probe.txt",
        "/media/images/%2e%2e/documents/probe.txt",
        "/media/images/./../documents/probe.txt",
        "/media/images/../../media/documents/probe.txt",
        "/media/%2Fdocuments/probe.txt",
        "/media/images%2F..%2Fdocuments/probe.txt",
        "/media/images%2f%2e%2e%2fdocuments/probe.txt",
        "/media/images/%252e%252e/documents/probe.txt",
        "/media/images\\..\\documents\\probe.txt",
        "/media/images/..\\documents/probe.txt",
        "/media/documents\\probe.txt",
        "/media/.\\documents/probe.txt",
        "/media/Documents/probe.txt",
        "/media/../media/documents/probe.txt",
    ],
)
def test_dev_server_refuses_documents_by_a_disguised_media_url(
    client, settings, debug_urls, home_page, url
):
    media = Path(settings.MEDIA_ROOT)
    for folder in ("documents", "images"):
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / "probe.txt").write_text("secret pre-read")

    response = client.get(url)

    assert response.status_code == 404
    assert not response.streaming
    assert b"secret pre-read" not in response.content
