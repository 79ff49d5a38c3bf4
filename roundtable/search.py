"""Pure helpers for site search: query terms, excerpts and highlighting."""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
EXCERPT_LENGTH = 240


def query_terms(query):
    """The distinct words of a query, longest first, lower-cased."""
    words = {word.lower() for word in re.findall(r"\w+", query) if len(word) > 1}
    return sorted(words, key=lambda word: (-len(word), word))


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """Plain text around the first term found, or the start of the text."""
    text = " ".join(html.unescape(strip_tags(text or "")).split())
    if len(text) <= length:
        return text
    lowered = text.lower()
    positions = [lowered.find(term) for term in terms if term in lowered]
    start = max(0, min(positions) - length // 3) if positions else 0
    snippet = text[start : start + length]
    if start > 0:
        snippet = "…" + snippet.split(" ", 1)[-1]
    if start + length < len(text):
        snippet = snippet.rsplit(" ", 1)[0] + "…"
    return snippet


def highlight(text, terms):
    """`text` escaped, with each occurrence of a term wrapped in <mark>.

    Terms are matched in the plain text and each piece is escaped on its own, so
    a term can never match inside an entity such as `&amp;`.
    """
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped
