"""A report as a PDF file, as a pure function of the report's content."""

import datetime
import html

from django.utils.html import strip_tags
from fpdf import FPDF

# The PDF's built-in fonts cover Latin-1; typographic marks get plain equivalents.
PDF_TEXT = str.maketrans(
    {"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "…": "...", "−": "-"}
)


def paragraphs(rich_text):
    """The plain text of each paragraph of a rich-text value."""
    chunks = rich_text.replace("</li>", "</p>").split("</p>")
    texts = [" ".join(html.unescape(strip_tags(chunk)).split()) for chunk in chunks]
    return [text for text in texts if text]


def report_pdf(report, *, authors):
    """PDF bytes with the report's title, authors, dates, sections and check list.

    Reads the report's (possibly unsaved) fields and child objects; writes nothing.
    """
    pdf = FPDF(format="A4")
    pdf.set_title(report.title)
    pdf.set_author(", ".join(person.name for person in authors))
    pdf.set_creation_date(
        datetime.datetime.combine(
            report.publication_date, datetime.time.min, tzinfo=datetime.UTC
        )
    )
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.add_page()

    def write(value, style="", size=11, height=6, after=2):
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(
            0,
            height,
            value.translate(PDF_TEXT).encode("latin-1", "replace").decode("latin-1"),
        )
        pdf.ln(after)

    def heading(value, size=14):
        pdf.ln(3)
        write(value, style="B", size=size, height=7, after=1)

    heading(report.title, size=18)
    if authors:
        write(", ".join(person.name for person in authors), style="I")
    dates = f"Published {report.publication_date.day} {report.publication_date:%B %Y}"
    if report.last_updated:
        dates += f"; last updated {report.last_updated.day} {report.last_updated:%B %Y}"
    write(dates + ".")

    heading("Executive summary")
    for text in paragraphs(report.summary):
        write(text)
    for block in report.body:
        if block.block_type == "heading":
            heading(
                block.value["text"], size=14 if block.value["level"] == "h2" else 12
            )
        elif block.block_type == "paragraph":
            for text in paragraphs(block.value.source):
                write(text)
        elif block.block_type == "list":
            for number, item in enumerate(block.value["items"], start=1):
                marker = f"{number}." if block.value["style"] == "ol" else "-"
                write(f"{marker} {item}", after=1)
            pdf.ln(1)
        elif block.block_type == "quote":
            write(block.value["quote"], style="I")

    pointers = list(report.policy_pointers.all())
    if pointers:
        heading("Policy pointers")
        if report.pointers_introduction:
            write(report.pointers_introduction)
        for number, pointer in enumerate(pointers, start=1):
            write(f"{number}. {pointer.title}", style="B", after=1)
            write(pointer.text)

    items = list(report.checklist_items.all())
    if items:
        heading("Protection check list")
        if report.checklist_introduction:
            write(report.checklist_introduction)
        for item in items:
            write(item.need, style="B", after=1)
            write(f"Responses: {item.responses}", after=1)
            if item.practices:
                write(f"Good practices: {item.practices}")

    if report.conclusion:
        heading("Conclusion")
        for text in paragraphs(report.conclusion):
            write(text)
    return bytes(pdf.output())
