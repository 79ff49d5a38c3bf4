"""Hostile values, and the properties every answer to them must have."""

from contextlib import contextmanager
from urllib.parse import quote_from_bytes

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import strategies as st

from participants.models import (
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ImportJob,
    Invitation,
    Message,
    MessageDelivery,
    Registration,
)

# Markup that must never come back unescaped; each opening is searched for in
# every HTML answer.
CANARIES = (
    "<script>fuzz()</script>",
    '"><img src=x onerror=fuzz()>',
    "'><svg/onload=fuzz()>",
)
RAW_OPENINGS = ("<script>fuzz", "<img src=x onerror=fuzz", "<svg/onload=fuzz")

HOSTILE = (
    *CANARIES,
    "javascript:fuzz()",
    "' OR '1'='1",
    "1; DROP TABLE participants_invitation; --",
    "\x00",
    "nul\x00byte",
    "%00",
    '=HYPERLINK("https://example.com","x")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\r\nSet-Cookie: fuzz=1",
    "{{ request.user.password }}",
    "{% debug %}",
    "%s%s%s%n",
    "\u202egnp.exe",
    "\ufeffbom",
    "\U0001d518\U0001d52b\U0001d526",
    "🙂" * 300,
    "a" * 5000,
    "../../../../etc/passwd",
    "null",
    "None",
    "true",
    "-1",
    "0",
    "9" * 40,
    "1e309",
    "NaN",
    "2014-02-30",
    " ",
)

# Text a browser could send: anything but lone surrogates, which cannot be
# encoded (raw invalid UTF-8 is sent by `raw_bodies` instead).
any_text = st.text(max_size=200)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    any_text,
    st.builds(
        lambda before, canary, after: before + canary + after,
        st.text(max_size=10),
        st.sampled_from(CANARIES),
        st.text(max_size=10),
    ),
)
# A field's value: one string, or the field repeated.
field_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def form_data(fields, **fixed):
    """Dicts with any subset of `fields` (missing ones left out), hostile values,
    and sometimes an extra unknown field."""
    return st.builds(
        lambda data, extra: {**data, **extra, **fixed},
        st.fixed_dictionaries({}, optional=dict.fromkeys(fields, field_value)),
        st.dictionaries(hostile_text.filter(bool), field_value, max_size=1),
    )


def _urlencoded(pairs):
    return "&".join(
        quote_from_bytes(key) + "=" + quote_from_bytes(value) for key, value in pairs
    ).encode()


# Bodies that are not what the content type says: random bytes, percent-encoded
# invalid UTF-8 and lone surrogates (\xed\xa0\x80), NUL bytes.
raw_bodies = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.tuples(
            st.sampled_from([b"action", b"reason", b"email", b"password", b"q"])
            | st.binary(max_size=8),
            st.binary(max_size=40)
            | st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"\x00", b"\xc0\xaf"]),
        ),
        max_size=4,
    ).map(_urlencoded),
)
raw_content_types = st.sampled_from(
    [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=latin-1",
        "application/x-www-form-urlencoded; charset=nonsense",
        "multipart/form-data; boundary=fuzz",
        "multipart/form-data",
        "application/json",
        "text/plain",
    ]
)

# Path segments for tokens and slugs in URLs: NUL bytes, percent-encoded
# invalid UTF-8, very long values. Already percent-encoded where needed.
url_segments = st.one_of(
    st.sampled_from(
        [
            "%00",
            "abc%00def",
            "%ED%A0%80",
            "%FF%FE",
            "%C0%AF",
            "x" * 129,
            "x" * 5000,
            "..%2F..%2Fetc%2Fpasswd",
            "%3Cscript%3Efuzz()%3C%2Fscript%3E",
            "' OR 1=1 --".replace(" ", "%20").replace("'", "%27"),
            "A" * 43,
        ]
    ),
    st.binary(min_size=1, max_size=80).map(lambda b: quote_from_bytes(b, safe="")),
)
# Query strings as sent: percent-encoded bytes, including invalid UTF-8 and NUL.
query_values = st.one_of(
    hostile_text.map(lambda text: quote_from_bytes(text.encode(), safe="")),
    st.binary(max_size=60).map(lambda b: quote_from_bytes(b, safe="")),
)


@contextmanager
def rolled_back():
    """One example's world: everything it writes is undone afterwards."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
    cache.clear()


def client_for(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def send(client, method, path, **kwargs):
    """The answer to one request, which must not be a server error.

    The test client re-raises an exception from the view with its traceback; an
    error answer without one still fails here.
    """
    if isinstance(kwargs.get("data"), bytes):
        # Raw bytes go out as they are, whatever charset the content type names.
        response = client.generic(method.upper(), path, **kwargs)
    else:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code < 500, (
        f"{method.upper()} {path} answered {response.status_code}"
    )
    assert_escaped(response)
    return response


def assert_escaped(response):
    """Hostile markup never comes back raw in an HTML answer."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode(errors="replace")
    for opening in RAW_OPENINGS:
        assert opening not in html, f"{opening!r} reflected unescaped"


def text_of(response):
    return response.content.decode(errors="replace")


BAD_REQUEST = "<h1>Bad request</h1>"


def assert_refused_clearly(response, message='class="errorlist'):
    """A refusal says why: the form again with its errors, or the 400 page for a
    request that could not be read at all (a field name over the header limit)."""
    if response.status_code == 400:
        assert BAD_REQUEST in text_of(response)
    else:
        assert response.status_code == 200
        assert message in text_of(response)


def snapshot():
    """The rows a participant's request may change, in full (last_login aside)."""
    User = get_user_model()
    return {
        "users": list(
            User.objects.order_by("pk").values(
                "pk", "email", "password", "first_name", "last_name", "is_active"
            )
        ),
        "user_groups": list(
            User.groups.through.objects.order_by("pk").values_list(
                "user_id", "group_id"
            )
        ),
        "email_addresses": list(EmailAddress.objects.order_by("pk").values()),
        "invitations": list(Invitation.objects.order_by("pk").values()),
        "registrations": list(Registration.objects.order_by("pk").values()),
        "bookings": list(BreakoutBooking.objects.order_by("pk").values()),
        "feeds": list(CalendarFeed.objects.order_by("pk").values()),
        "check_ins": list(CheckIn.objects.order_by("pk").values()),
        "import_jobs": list(ImportJob.objects.order_by("pk").values()),
        "messages": list(Message.objects.order_by("pk").values()),
        "deliveries": list(MessageDelivery.objects.order_by("pk").values()),
    }


def changes(before, after):
    """The names of the tables whose rows differ."""
    return sorted(name for name in before if before[name] != after[name])
