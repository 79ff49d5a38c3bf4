import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from letters import pdf, placeholders
from tests.fuzz.hostile import hostile_text

HEAD = pdf.Letterhead(
    site_name="Institute of Policy Studies",
    publisher="Roundtable",
    email="roundtables@example.org",
    website="https://example.org",
)


def text_of(content):
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def make(**kwargs):
    arguments = {
        "letterhead": HEAD,
        "title": "Letter of invitation",
        "body_html": "<p>Dear <b>Nguyễn Thị Hương</b>,</p><ul><li><i>one</i></li></ul>",
        "issued_on": "1 June 2014",
        "code": "ABCD-EFGH-JKLM",
        "verify_url": "https://example.org/verify/ABCDEFGHJKLM/",
    }
    arguments.update(kwargs)
    return pdf.document_pdf(**arguments)


def test_a_letter_holds_the_letterhead_text_and_verification():
    text, reader = text_of(make())

    assert len(reader.pages) == 1
    assert reader.metadata.title == "Letter of invitation"
    for expected in [
        "Institute of Policy Studies",
        "Roundtable · roundtables@example.org · https://example.org",
        "1 June 2014",
        "Letter of invitation",
        "Nguyễn Thị Hương",
        "one",
        "Verification code ABCD-EFGH-JKLM.",
        "https://example.org/verify/ABCDEFGHJKLM/",
    ]:
        assert expected in text


def test_a_certificate_is_landscape():
    text, reader = text_of(make(certificate=True, title="Certificate of attendance"))

    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height
    assert "Issued on 1 June 2014" in text


def test_images_links_and_styles_never_reach_the_renderer():
    assert pdf.simplify(
        '<p class="x" style="color:red">a <img src="/etc/passwd">'
        '<a href="https://evil.example">link</a><script>x()</script>'
        "<strong>b</strong><em>i</em><br/>&lt;tag&gt;</p>"
        '<h2>T</h2><ol><li data-block-key="k">n</li></ol>'
    ) == ("<p>a linkx()<b>b</b><i>i</i><br>&lt;tag&gt;</p>T<ol><li>n</li></ol>")


def test_a_script_no_font_has_does_not_fail_the_file():
    text, _ = text_of(make(body_html="<p>ᚠᛇᚻ 𓀀 Ἀθῆναι Тбилиси ქართული</p>"))

    assert "Тбилиси" in text


def test_subset_fonts_give_the_same_text_as_the_whole_fonts():
    body = "<p>Đặng Văn Lâm — Ἀθῆναι, ქართული</p>"
    whole, _ = text_of(make(body_html=body))
    # Beyond ASCII, Latin-1 and Latin Extended-A, the fonts hold what the
    # texts given hold.
    with pdf.subset_fonts(["ặ Ἀθῆναι ქართული"]) as fonts:
        assert set(fonts.main) == {"", "B", "I", "BI"}
        cut, _ = text_of(make(body_html=body, fonts=fonts))

    assert cut == whole


@settings(max_examples=30, deadline=None, derandomize=True, database=None)
@given(
    text=st.one_of(
        hostile_text,
        st.sampled_from(
            [
                "a" * 20000,
                "word " * 3000,
                "\x01\x02\x1f",
                "<p>" + "<ul><li>" * 50 + "x",
                "&amp;&lt;&#0;&#xD800;",
                "🙂 𓀀 ᚠᛇᚻ",
            ]
        ),
    ),
    where=st.sampled_from(["title", "body", "name", "letterhead"]),
    certificate=st.booleans(),
)
def test_any_text_anywhere_makes_a_pdf(text, where, certificate):
    body = {
        "body": text,
        "name": placeholders.fill("<p>Dear {name},</p>", {"name": text}),
    }.get(where, "<p>Text</p>")
    head = pdf.Letterhead(site_name=text) if where == "letterhead" else HEAD

    content = make(
        letterhead=head,
        title=text if where == "title" else "Title",
        body_html=body,
        certificate=certificate,
    )

    assert content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "text", ["a" * 20000, "word " * 3000, "<p>" + "<ul><li>" * 50 + "x", "\x01\x1f"]
)
def test_overlong_or_strange_text_makes_a_pdf_of_several_pages(text):
    content = make(title=text[:300], body_html=text)

    assert content.startswith(b"%PDF-")


def test_lists_deeper_than_three_are_flattened():
    deep = "<ul><li>1<ul><li>2<ol><li>3<ul><li>4<ul><li>5</li></ul></li></ul>"

    assert pdf.simplify(deep + "</li></ol></li></ul></li></ul>") == (
        "<ul><li>1<ul><li>2<ol><li>345</li></ol></li></ul></li></ul>"
    )
