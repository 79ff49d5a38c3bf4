"""Name badges as a PDF file, as a pure function of plain data.

A badge holds the person's name, their organisation, the event's title and
dates and, if asked for, the QR code of their check-in pass. Badges come as A4
sheets of eight (two across, four down) with cut guides, or one badge on a
page of its own size (a card to print on badge stock).

The text is set in Source Sans Pro (as the report PDFs), with DejaVu Sans,
where the system has it, for the characters Source Sans lacks (Arabic,
Hebrew, Georgian, Armenian): a name in any script prints or, where no font
has its characters, is left out glyph by glyph, never failing the file.
fpdf2 is imported only when a PDF is made, to keep worker memory low.
"""

import io
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import segno

FONT_FILES = files("font_source_sans_pro") / "files"
FONT = "SourceSans"
FONT_STYLES = {"": "SourceSansPro-Regular.ttf", "B": "SourceSansPro-Bold.ttf"}
FALLBACK = "DejaVu"
FALLBACK_DIR = Path("/usr/share/fonts/truetype/dejavu")
FALLBACK_STYLES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

INK = (27, 36, 48)
INK_SOFT = (74, 85, 101)
NAVY = (18, 53, 91)
GUIDE = (170, 170, 170)

BADGE_WIDTH, BADGE_HEIGHT = 90, 65  # mm
COLUMNS, ROWS = 2, 4
PER_SHEET = COLUMNS * ROWS
SHEET_WIDTH, SHEET_HEIGHT = 210, 297  # A4
SHEET_LEFT = (SHEET_WIDTH - COLUMNS * BADGE_WIDTH) / 2
SHEET_TOP = (SHEET_HEIGHT - ROWS * BADGE_HEIGHT) / 2
PADDING = 6
QR_SIZE = 24  # mm, with its quiet zone
NAME_SIZES = (24, 22, 20, 18, 16, 14, 12)


@dataclass(frozen=True)
class Badge:
    """One person's badge; `code` is their pass code (for the QR code), or ""."""

    name: str
    organisation: str = ""
    code: str = ""


def badges_pdf(*, badges, event_title, dates, sheet=True, qr=False):
    """The badges as PDF bytes: A4 sheets of eight, or one badge per page.

    `dates` is the event's dates as they should print ("26–27 June 2014");
    `qr` adds the QR code of each badge's pass code (where it has one).
    """
    from fpdf import FPDF

    if sheet:
        pdf = FPDF(format="A4")
    else:
        pdf = FPDF(orientation="L", format=(BADGE_HEIGHT, BADGE_WIDTH))
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(0, 0, 0)
    pdf.c_margin = 0
    pdf.set_title(f"Badges – {event_title}")
    pdf.set_lang("en-GB")
    for style, filename in FONT_STYLES.items():
        pdf.add_font(FONT, style, str(FONT_FILES / filename))
    if all((FALLBACK_DIR / name).exists() for name in FALLBACK_STYLES.values()):
        for style, filename in FALLBACK_STYLES.items():
            pdf.add_font(FALLBACK, style, str(FALLBACK_DIR / filename))
        pdf.set_fallback_fonts([FALLBACK], exact_match=False)
    for index, badge in enumerate(badges):
        if sheet:
            slot = index % PER_SHEET
            if slot == 0:
                pdf.add_page()
                _cut_guides(pdf)
            column, row = slot % COLUMNS, slot // COLUMNS
            x = SHEET_LEFT + column * BADGE_WIDTH
            y = SHEET_TOP + row * BADGE_HEIGHT
        else:
            pdf.add_page()
            x = y = 0
        _badge(pdf, badge, x, y, event_title=event_title, dates=dates, qr=qr)
    return bytes(pdf.output())


def _cut_guides(pdf):
    """Thin dashed lines along every edge of the sheet's badges."""
    pdf.set_draw_color(*GUIDE)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)
    right = SHEET_LEFT + COLUMNS * BADGE_WIDTH
    bottom = SHEET_TOP + ROWS * BADGE_HEIGHT
    for column in range(COLUMNS + 1):
        x = SHEET_LEFT + column * BADGE_WIDTH
        pdf.line(x, SHEET_TOP - 8, x, bottom + 8)
    for row in range(ROWS + 1):
        y = SHEET_TOP + row * BADGE_HEIGHT
        pdf.line(SHEET_LEFT - 8, y, right + 8, y)
    pdf.set_dash_pattern()


def _badge(pdf, badge, x, y, *, event_title, dates, qr):
    left, top = x + PADDING, y + PADDING
    width = BADGE_WIDTH - 2 * PADDING
    bottom = y + BADGE_HEIGHT - PADDING

    # The event, small, across the top.
    pdf.set_text_color(*NAVY)
    pdf.set_font(FONT, "B", 9)
    pdf.set_xy(left, top)
    pdf.multi_cell(width, 4, event_title, align="L", new_x="LEFT")

    # The name, as large as fits on one line, else wrapped at the smallest.
    pdf.set_text_color(*INK)
    for size in NAME_SIZES:
        pdf.set_font(FONT, "B", size)
        if pdf.get_string_width(badge.name) <= width:
            break
    line = size * 0.42
    pdf.set_xy(left, top + 14)
    pdf.multi_cell(width, line, badge.name, align="L", new_x="LEFT")

    # The organisation under it.
    if badge.organisation:
        pdf.set_text_color(*INK_SOFT)
        pdf.set_font(FONT, "", 11)
        pdf.set_xy(left, pdf.get_y() + 2)
        text_width = width - (QR_SIZE + 2 if qr and badge.code else 0)
        pdf.multi_cell(text_width, 5, badge.organisation, align="L", new_x="LEFT")

    # The dates at the foot; the pass's QR code in the corner, if asked for.
    pdf.set_text_color(*INK_SOFT)
    pdf.set_font(FONT, "", 9)
    pdf.set_xy(left, bottom - 4)
    pdf.cell(width, 4, dates)
    if qr and badge.code:
        image = io.BytesIO()
        segno.make_qr(badge.code, error="m").save(image, kind="png", scale=6, border=4)
        image.seek(0)
        pdf.image(
            image,
            x=x + BADGE_WIDTH - QR_SIZE - 2,
            y=y + BADGE_HEIGHT - QR_SIZE - 2,
            w=QR_SIZE,
            h=QR_SIZE,
        )
