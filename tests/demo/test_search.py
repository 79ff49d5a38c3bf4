"""The demo's facts are found by the words a visitor would type."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


def found(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    addresses = re.findall(r'class="card__title"><a href="([^"]*)">', html)
    return addresses, html


EVENT = "/events/trafficking-in-persons-roundtable-2014/"
REPORT = "/publications/humanitarian-dimension-protection-trafficking-in-persons/"


def test_the_words_of_the_demo_find_its_pages_and_sessions(client, demo):
    # One demo for every query: loading it is the slow part.
    expected = {
        "Bali": [EVENT],  # a theme's topics
        "durable": [EVENT],  # a theme's title
        "reintegration": [EVENT, REPORT],  # a theme's topics; the report's text
        "Trajano": [REPORT],  # a report's author
    }
    for query, where in expected.items():
        addresses, html = found(client, query)
        for address in where:
            assert address in addresses, (query, addresses)
        assert f"for “{query}”" in html

    addresses, html = found(client, "durable")
    assert f"{EVENT}programme/sessions/durable-solutions/" in addresses
    assert "Thursday 26 June 2014, 15:30 (Singapore time, UTC+08:00)" in html
