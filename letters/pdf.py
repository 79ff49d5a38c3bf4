"""A visa-support letter or a certificate of attendance as a PDF file.

A pure function of plain data (`document_pdf`): the letterhead, the heading,
the filled-in rich text, the issue date and the verification code and address.
Rich text is first reduced to the few tags the templates allow (paragraphs,
bold, italic, lists, line breaks), every attribute dropped, so that fpdf2's
HTML renderer never sees an image, a link or a style. The text is set in
Source Sans Pro, with DejaVu Sans for the characters it lacks, as the badges.
fpdf2 is imported only when a PDF is made, to keep worker memory low.
"""

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from participants.badges import (
    FALLBACK,
    FALLBACK_DIR,
    FONT,
    FONT_FILES,
)

FONT_STYLES = {
    "": "SourceSansPro-Regular.ttf",
    "B": "SourceSansPro-Bold.ttf",
    "I": "SourceSansPro-It.ttf",
    "BI": "SourceSansPro-BoldIt.ttf",
}
FALLBACK_STYLES = {
    "": "DejaVuSans.ttf",
    "B": "DejaVuSans-Bold.ttf",
    "I": "DejaVuSans-Oblique.ttf",
    "BI": "DejaVuSans-BoldOblique.ttf",
}

INK = (27, 36, 48)
INK_SOFT = (74, 85, 101)
NAVY = (18, 53, 91)
LINE = (217, 211, 196)

MARGIN = 25  # mm
BODY_SIZE = 11.5

# Tags kept from the rich text, by the name fpdf2 knows them under.
ALLOWED = {
    "p": "p",
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "ul": "ul",
    "ol": "ol",
    "li": "li",
    "br": "br",
}


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document: the site's name and how to reach its publisher."""

    site_name: str
    publisher: str = ""
    email: str = ""
    website: str = ""


# Lists nested deeper than this are flattened into the deepest: each level
# indents, and enough of them leave no room for a character on the line.
MAX_LIST_DEPTH = 3
LISTS = {"ul", "ol"}


class _Simplifier(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.depth = 0  # of lists, however deep the markup goes

    def _too_deep(self, tag):
        return tag in LISTS | {"li"} and self.depth > MAX_LIST_DEPTH

    def handle_starttag(self, tag, attrs):
        if tag in LISTS:
            self.depth += 1
        if tag in ALLOWED and not self._too_deep(tag):
            self.out.append(f"<{ALLOWED[tag]}>")

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self.out.append("<br>")

    def handle_endtag(self, tag):
        if tag in ALLOWED and tag != "br" and not self._too_deep(tag):
            self.out.append(f"</{ALLOWED[tag]}>")
        if tag in LISTS and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def simplify(html):
    """`html` with only the allowed tags, no attributes, text escaped again."""
    parser = _Simplifier()
    parser.feed(html or "")
    parser.close()
    return "".join(parser.out)


@dataclass(frozen=True)
class Fonts:
    """The font files to embed: Source Sans by style, and DejaVu where needed."""

    main: dict
    fallback: dict


def full_fonts():
    """The whole font files, fallback included where the system has it."""
    fallback = {}
    if all((FALLBACK_DIR / name).exists() for name in FALLBACK_STYLES.values()):
        fallback = {
            style: FALLBACK_DIR / name for style, name in FALLBACK_STYLES.items()
        }
    return Fonts(
        main={style: FONT_FILES / name for style, name in FONT_STYLES.items()},
        fallback=fallback,
    )


@cache
def _main_characters():
    """The code points Source Sans Pro has a glyph for (read once a process)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(FONT_FILES / FONT_STYLES[""]), lazy=True) as font:
        return frozenset(font.getBestCmap())


@contextmanager
def subset_fonts(texts):
    """Fonts cut down to the characters of `texts`, for many documents at once.

    fpdf2 parses and subsets every font of every document it makes, which
    costs far more than the page; fonts that hold only the characters used
    (a few hundred glyphs) make each document several times quicker. The
    files live in a temporary directory for the block.
    """
    from fontTools import subset

    full = full_fonts()
    # ASCII, Latin-1, Latin Extended-A and the punctuation the layout uses
    # always; beyond them, what the texts hold.
    used = {ord(c) for text in texts for c in text}
    characters = used | {
        *range(0x20, 0x7F),
        *range(0xA0, 0x180),
        *range(0x2010, 0x2027),
    }
    missing = used - _main_characters()
    with tempfile.TemporaryDirectory(prefix="letters-fonts-") as directory:

        def cut(path, unicodes, name):
            options = subset.Options(notdef_outline=True, layout_features=[])
            options.drop_tables += ["FFTM"]
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=unicodes)
            with subset.load_font(str(path), options) as font:
                subsetter.subset(font)
                target = Path(directory) / name
                subset.save_font(font, str(target), options)
            return target

        main = {
            style: cut(path, characters, f"main{style}.ttf")
            for style, path in full.main.items()
        }
        fallback = {}
        if missing and full.fallback:
            fallback = {
                style: cut(path, missing, f"fallback{style}.ttf")
                for style, path in full.fallback.items()
            }
        yield Fonts(main=main, fallback=fallback)


def document_pdf(
    *,
    letterhead,
    title,
    body_html,
    issued_on,
    code,
    verify_url,
    certificate=False,
    fonts=None,
):
    """The document as PDF bytes.

    `issued_on` is the issue date as it should print, `code` the verification
    code as printed (in groups) and `verify_url` the absolute address of its
    public verification page. A certificate is set landscape and centred.
    `fonts` are the whole font files unless given (`subset_fonts`).
    """
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    pdf = FPDF(orientation="L" if certificate else "P", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.c_margin = 0
    pdf.set_auto_page_break(auto=True, margin=MARGIN + 12)
    pdf.set_title(title)
    pdf.set_author(letterhead.site_name)
    pdf.set_lang("en-GB")
    # Each font embedded costs more than the page: only the styles the text
    # uses, and the fallback only for characters Source Sans lacks.
    fonts = fonts or full_fonts()
    body = simplify(body_html)
    styles = ["", "B", "I", "BI"] if "<i>" in body else ["", "B"]
    for style in styles:
        pdf.add_font(FONT, style, str(fonts.main[style]))
    texts = (title, body, *vars(letterhead).values(), issued_on, code, verify_url)
    characters = {ord(c) for text in texts for c in text}
    if fonts.fallback and not characters <= _main_characters():
        for style in styles:
            pdf.add_font(FALLBACK, style, str(fonts.fallback[style]))
        pdf.set_fallback_fonts([FALLBACK], exact_match=False)

    footer = f"Verification code {code}. Check this document at {verify_url}"

    def draw_footer():
        pdf.set_auto_page_break(auto=False)
        pdf.set_xy(MARGIN, pdf.h - MARGIN - 4)
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.3)
        pdf.line(MARGIN, pdf.get_y() - 2, pdf.w - MARGIN, pdf.get_y() - 2)
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*INK_SOFT)
        pdf.multi_cell(pdf.epw, 4.5, footer, align="C")
        pdf.set_auto_page_break(auto=True, margin=MARGIN + 12)

    pdf.add_page()
    align = "C" if certificate else "L"

    # The letterhead: the site's name, then who publishes it and how to reach them.
    pdf.set_text_color(*NAVY)
    pdf.set_font(FONT, "B", 18)
    pdf.multi_cell(pdf.epw, 8, letterhead.site_name, align=align, new_x=XPos.LMARGIN)
    details = " · ".join(
        part
        for part in (letterhead.publisher, letterhead.email, letterhead.website)
        if part
    )
    if details:
        pdf.set_font(FONT, "", 10)
        pdf.set_text_color(*INK_SOFT)
        pdf.multi_cell(pdf.epw, 5, details, align=align, new_x=XPos.LMARGIN)
    pdf.ln(2)
    pdf.set_draw_color(*NAVY)
    pdf.set_line_width(0.6)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(8 if certificate else 6)

    pdf.set_text_color(*INK)
    if not certificate:
        pdf.set_font(FONT, "", BODY_SIZE)
        pdf.cell(pdf.epw, 6, issued_on, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)

    pdf.set_text_color(*NAVY)
    pdf.set_font(FONT, "B", 26 if certificate else 15)
    pdf.multi_cell(
        pdf.epw, 12 if certificate else 7, title, align=align, new_x=XPos.LMARGIN
    )
    pdf.ln(8 if certificate else 4)

    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", BODY_SIZE + (2 if certificate else 0))
    if certificate:
        body = body.replace("<p>", '<p align="center">')
    pdf.write_html(
        body,
        font_family=FONT,
        li_prefix_color=INK,
        tag_styles=None,
    )
    if certificate:
        pdf.ln(6)
        pdf.set_font(FONT, "", BODY_SIZE)
        pdf.set_text_color(*INK_SOFT)
        pdf.multi_cell(pdf.epw, 6, f"Issued on {issued_on}", align="C")

    for page in range(1, pdf.page + 1):
        pdf.page = page
        draw_footer()
    return bytes(pdf.output())
