"""The publications Atom feed, as a pure function of the reports it lists."""

import datetime
import html
import re

from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def report_feed(index, reports, *, base_url):
    """Atom XML for `reports` (newest first) listed on `index`.

    The reports come from `with_listing_data()`, with their authors' names and
    their categories.
    """
    index_url = base_url + index.url
    feed = Atom1Feed(
        title=index.title,
        link=index_url,
        description=index.introduction,
        subtitle=index.introduction or None,
        language="en-GB",
        feed_url=index_url + "feed/",
        feed_guid=index_url,
    )
    for report in reports:
        url = base_url + report.url
        feed.add_item(
            title=report.title,
            link=url,
            description=plain_paragraphs(report.summary),
            unique_id=url,
            unique_id_is_permalink=True,
            pubdate=_midnight_utc(report.publication_date),
            updateddate=_midnight_utc(report.last_updated or report.publication_date),
            author_name=", ".join(report.author_names) or None,
            categories=[category.name for category in report.listed_categories],
        )
    return feed.writeString("utf-8")


def _midnight_utc(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def plain_paragraphs(rich_text):
    """Rich text as plain text that keeps its paragraphs apart.

    >>> plain_paragraphs("<p>One &amp; two.</p><p>Three\\n four.</p>")
    'One & two.\\n\\nThree four.'
    """
    pieces = BLOCK_END.sub("\n\n", rich_text or "")
    paragraphs = (
        " ".join(html.unescape(strip_tags(piece)).split())
        for piece in pieces.split("\n\n")
    )
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
