"""A report as a PDF file, as a pure function of what the report page shows.

The text is set in Source Sans Pro (SIL Open Font License 1.1), which the
`font-source-sans-pro` package installs, so every character the page can hold
(curly quotes, dashes, Vietnamese diacritics) prints as it is. Text is set
ragged right: justified lines in a narrow measure open gaps between words.
"""

import datetime
import html
from importlib.resources import files

from django.utils.html import strip_tags
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos

FONT_FILES = files("font_source_sans_pro") / "files"
FONT = "SourceSans"
FONT_STYLES = {
    "": "SourceSansPro-Regular.ttf",
    "B": "SourceSansPro-Bold.ttf",
    "I": "SourceSansPro-It.ttf",
    "BI": "SourceSansPro-BoldIt.ttf",
}
LANGUAGE = "en-GB"

# The site's colours (roundtable/static/css/site.css), as RGB.
INK = (27, 36, 48)
INK_SOFT = (74, 85, 101)
NAVY = (18, 53, 91)
NAVY_DEEP = (11, 34, 59)
ACCENT = (149, 80, 18)
LINE = (217, 211, 196)
PANEL = (243, 240, 232)

MARGIN = 22  # mm, left and right
TOP = 20
BOTTOM = 22
BODY_SIZE = 10.5
BODY_LEADING = 5.4  # mm between lines of body text


def paragraphs(rich_text):
    """The plain text of each paragraph of a rich-text value."""
    chunks = rich_text.replace("</li>", "</p>").split("</p>")
    texts = [" ".join(html.unescape(strip_tags(chunk)).split()) for chunk in chunks]
    return [text for text in texts if text]


def format_day(day):
    return f"{day.day} {day:%B %Y}"


def and_list(names):
    """'A', 'A and B', 'A, B and C'."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class ReportDocument(FPDF):
    """A4 pages with the site's name at the head and page numbers at the foot."""

    def __init__(self, *, site_name, url):
        super().__init__(format="A4")
        self.site_name = site_name
        self.report_url = url
        for style, filename in FONT_STYLES.items():
            self.add_font(FONT, style, str(FONT_FILES / filename))
        self.set_margins(MARGIN, TOP + 8, MARGIN)
        # Text starts at the margin, flush with the rules and panels.
        self.c_margin = 0
        self.set_auto_page_break(auto=True, margin=BOTTOM + 6)

    def header(self):
        if self.page_no() == 1:
            return
        self.set_xy(MARGIN, TOP - 6)
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*INK_SOFT)
        self.cell(0, 4, self.site_name, align=Align.L)
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.line(MARGIN, TOP, self.w - MARGIN, TOP)
        self.set_xy(MARGIN, TOP + 8)

    def footer(self):
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.line(MARGIN, self.h - BOTTOM, self.w - MARGIN, self.h - BOTTOM)
        self.set_xy(MARGIN, self.h - BOTTOM + 2)
        self.set_font(FONT, "", 8.5)
        self.set_text_color(*INK_SOFT)
        width = self.w - 2 * MARGIN
        self.cell(width - 30, 4, self.report_url, link=self.report_url)
        self.cell(30, 4, f"Page {self.page_no()} of {{nb}}", align=Align.R)


def report_pdf(
    report, *, authors, event=None, organisers=(), publisher="", url, citation
):
    """PDF bytes of the report, in the order and words of its page.

    `authors`, `event` (the public related event or None), `organisers` (its
    organisations), `publisher` (the site's publisher), `url` (the page's
    absolute address) and `citation` are what the page shows. Reads the
    report's (possibly unsaved) fields and child objects; writes nothing.
    """
    site_name = f"Roundtable · {publisher}" if publisher else "Roundtable"
    pdf = ReportDocument(site_name=site_name, url=url)
    pdf.set_title(report.title)
    pdf.set_author(and_list(person.name for person in authors))
    pdf.set_subject(report.get_report_type_display())
    pdf.set_creator(site_name)
    pdf.set_lang(LANGUAGE)
    pdf.set_creation_date(
        datetime.datetime.combine(
            report.last_updated or report.publication_date,
            datetime.time.min,
            tzinfo=datetime.UTC,
        )
    )
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def text(value, *, style="", size=BODY_SIZE, color=INK, leading=None, after=2.4):
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(MARGIN)
        pdf.multi_cell(
            0,
            leading or size * 0.52,
            value,
            align=Align.L,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(after)

    def link(address, *, size=8.5, after=2.4):
        pdf.set_font(FONT, "", size)
        pdf.set_text_color(*NAVY)
        pdf.set_x(MARGIN)
        pdf.multi_cell(
            0, size * 0.5, address, link=address, align=Align.L, new_x=XPos.LMARGIN
        )
        pdf.ln(after)

    def height_of(value, *, style="", size=BODY_SIZE, leading=None, after=2.4):
        """How tall `text(value, …)` would be, in mm."""
        pdf.set_font(FONT, style, size)
        lines = pdf.multi_cell(0, 1, value, dry_run=True, output="LINES")
        return len(lines) * (leading or size * 0.52) + after

    def keep_room(height):
        """A new page unless `height` mm fit: no heading alone at a page's foot."""
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()

    def heading(value, *, level=2):
        size = 15 if level == 2 else 12
        keep_room(30)
        pdf.ln(5 if level == 2 else 2.5)
        text(value, style="B", size=size, color=NAVY_DEEP, after=2 if level == 2 else 1)

    # Title page head: who publishes, what it is, who wrote it, when.
    pdf.set_xy(MARGIN, TOP)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*NAVY_DEEP)
    pdf.cell(0, 5, "Roundtable")
    pdf.ln(5)
    if publisher:
        text(publisher, size=9.5, color=INK_SOFT, after=0)
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, pdf.get_y() + 3, MARGIN + 28, pdf.get_y() + 3)
    pdf.ln(12)

    text(report.get_report_type_display().upper(), style="B", size=9, color=ACCENT)
    text(report.title, style="B", size=21, color=NAVY_DEEP, leading=9, after=6)
    for person in authors:
        organisation = person.organisation
        line = person.full_name
        if organisation is not None:
            line += f", {organisation.short_name or organisation.name}"
        text(line, size=11, after=0.8)
    pdf.ln(3)
    dates = f"Published {format_day(report.publication_date)}"
    if report.last_updated:
        dates += f" · Last updated {format_day(report.last_updated)}"
    text(dates, size=9.5, color=INK_SOFT, after=0.8)
    if event is not None:
        text(
            f"Event: {event.title}, {event.date_range}",
            size=9.5,
            color=INK_SOFT,
            after=0.8,
        )
    if organisers:
        text(
            "Organised by " + and_list(o.name for o in organisers),
            size=9.5,
            color=INK_SOFT,
            after=0.8,
        )
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK_SOFT)
    pdf.set_x(MARGIN)
    pdf.write(5, "Read online: ")
    pdf.set_text_color(*NAVY)
    pdf.write(5, url, link=url)
    pdf.ln(9)
    if report.source_note:
        text(report.source_note, style="I", size=9.5, color=INK_SOFT, after=3)
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    pdf.line(MARGIN, pdf.get_y(), MARGIN + width, pdf.get_y())
    pdf.ln(2)

    heading("Executive summary")
    for value in paragraphs(report.summary):
        text(value)
    for block in report.body:
        if block.block_type == "heading":
            heading(block.value["text"], level=2 if block.value["level"] == "h2" else 3)
        elif block.block_type == "paragraph":
            for value in paragraphs(block.value.source):
                text(value)
        elif block.block_type == "list":
            numbered = block.value["style"] == "ol"
            for number, item in enumerate(block.value["items"], start=1):
                marker = f"{number}." if numbered else "•"
                bulleted(pdf, marker, item)
            pdf.ln(1.4)
        elif block.block_type == "quote":
            quote(pdf, block.value["quote"], block.value.get("attribution"))

    pointers = list(report.policy_pointers.all())
    if pointers:
        heading("Policy pointers")
        if report.pointers_introduction:
            text(report.pointers_introduction)
        for number, pointer in enumerate(pointers, start=1):
            title = f"{number}. {pointer.title}"
            keep_room(
                height_of(title, style="B", size=11.5, after=1)
                + height_of(pointer.text, after=0.8)
                + 8
            )
            text(title, style="B", size=11.5, after=1)
            text(pointer.text, after=0.8)
            link(f"{url}#{pointer.anchor}", after=3.5)

    items = list(report.checklist_items.all())
    if items:
        heading("Protection check list")
        if report.checklist_introduction:
            text(report.checklist_introduction)
        for number, item in enumerate(items, start=1):
            need = f"{number}. {item.need}"
            keep_room(
                height_of(need, style="B", size=11.5, after=1)
                + height_of(item.responses, after=1.6)
                + (height_of(item.practices, after=1.6) if item.practices else 0)
                + 16
            )
            text(need, style="B", size=11.5, after=1)
            text("Responses", style="B", size=9.5, color=INK_SOFT, after=0.4)
            text(item.responses, after=1.6)
            if item.practices:
                text("Good practices", style="B", size=9.5, color=INK_SOFT, after=0.4)
                text(item.practices, after=1.6)
            pdf.ln(1.6)

    if report.conclusion:
        heading("Conclusion")
        for value in paragraphs(report.conclusion):
            text(value)

    cite_box(pdf, citation)
    return bytes(pdf.output())


def bulleted(pdf, marker, value):
    """One list item with a hanging marker."""
    pdf.set_font(FONT, "", BODY_SIZE)
    pdf.set_text_color(*INK)
    pdf.set_x(MARGIN + 2)
    pdf.cell(6, BODY_LEADING, marker)
    pdf.multi_cell(
        0,
        BODY_LEADING,
        value,
        align=Align.L,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(1)


def quote(pdf, value, attribution):
    """A pull quote: italic, indented, with a rule at its left."""
    top = pdf.get_y()
    pdf.set_font(FONT, "I", 12)
    pdf.set_text_color(*NAVY_DEEP)
    pdf.set_left_margin(MARGIN + 6)
    pdf.set_x(MARGIN + 6)
    pdf.multi_cell(0, 6.2, value, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if attribution:
        pdf.set_font(FONT, "", 9.5)
        pdf.set_text_color(*INK_SOFT)
        pdf.multi_cell(
            0, 5, f"— {attribution}", align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.set_left_margin(MARGIN)
    if pdf.get_y() > top:
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.8)
        pdf.line(MARGIN + 1, top, MARGIN + 1, pdf.get_y())
    pdf.ln(3)


def cite_box(pdf, citation):
    """'Cite this report' on a tinted panel, kept whole on one page."""
    pdf.set_font(FONT, "", 9.5)
    inner = pdf.w - 2 * MARGIN - 10
    lines = pdf.multi_cell(inner, 5, citation, dry_run=True, output="LINES")
    height = 5 + 7 + 5 * len(lines) + 5
    pdf.ln(6)
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    pdf.set_fill_color(*PANEL)
    pdf.rect(MARGIN, top, pdf.w - 2 * MARGIN, height, style="F")
    pdf.set_xy(MARGIN + 5, top + 5)
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*NAVY_DEEP)
    pdf.cell(0, 6, "Cite this report", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_x(MARGIN + 5)
    pdf.set_font(FONT, "", 9.5)
    pdf.set_text_color(*INK)
    pdf.multi_cell(inner, 5, citation, align=Align.L, new_x=XPos.LMARGIN)
