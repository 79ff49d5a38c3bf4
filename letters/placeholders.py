"""The placeholders a letter or certificate template may hold, and filling them.

A placeholder is a name in braces, `{name}`. Only the names in PLACEHOLDERS
are known: a template with any other is refused when saved (`unknown`), and
text in braces that is not a single word is left as it is written.
"""

import re

from django.utils.html import escape

PLACEHOLDERS = {
    "name": "the person's name",
    "organisation": "their organisation, as on the invitation",
    "position": "their position, as on the registration",
    "event": "the event's title",
    "dates": "the event's dates",
    "venue": "the venue's name and address",
    "days_registered": "the days they registered for",
    "days_attended": "the days they were checked in",
    "issue_date": "the day the document was first issued",
    "code": "the verification code",
}

# A name in braces: letters, digits, underscores, hyphens (so that {first-name}
# is reported as unknown rather than passed over).
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_-]+)\}")


def help_text():
    return "Placeholders: " + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS) + "."


def unknown(text):
    """The unknown placeholder names in `text`, in order, each once."""
    found = []
    for name in PLACEHOLDER.findall(text or ""):
        if name not in PLACEHOLDERS and name not in found:
            found.append(name)
    return found


def fill(html, values):
    """The rich text `html` with each known placeholder replaced by its value.

    Values are plain text and are escaped; unknown names are left as written.
    """

    def replace(match):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        return escape(values.get(name, ""))

    return PLACEHOLDER.sub(replace, html or "")


def fill_text(text, values):
    """Plain `text` (a heading) with each known placeholder replaced by its value."""

    def replace(match):
        name = match.group(1)
        return values.get(name, "") if name in PLACEHOLDERS else match.group(0)

    return PLACEHOLDER.sub(replace, text or "")
