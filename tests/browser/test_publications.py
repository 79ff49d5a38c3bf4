import re

from playwright.sync_api import expect

REPORT_TITLE = (
    "Consultative Roundtable on the Humanitarian Dimension and Protection Aspects "
    "of Trafficking in Persons"
)


def test_visitor_finds_the_report_follows_a_pointer_and_downloads_the_pdf(
    page, demo_site
):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Publications"
    ).click()
    expect(page).to_have_url(re.compile(r"/publications/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Publications")

    page.get_by_role("navigation", name="Category").get_by_role(
        "link", name="Southeast Asia and ASEAN"
    ).click()
    expect(page).to_have_url(re.compile(r"/publications/\?category=southeast-asia"))
    expect(page.locator("p.meta[aria-live]")).to_contain_text(
        "1 publication in Southeast Asia and ASEAN"
    )

    page.get_by_role("link", name=REPORT_TITLE).click()
    expect(page).to_have_url(
        re.compile(
            r"/publications/humanitarian-dimension-protection-trafficking-in-persons/$"
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(REPORT_TITLE)

    pointer = page.locator("#dedicated-case-managers")
    pointer.get_by_role("link", name=re.compile("Link to this pointer")).click()
    expect(page).to_have_url(re.compile(r"#dedicated-case-managers$"))
    expect(pointer).to_contain_text(
        "A specialised, dedicated case manager or victim support unit"
    )
    expect(pointer).to_be_in_viewport()
    expect(pointer.get_by_role("button", name="Copy link")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Download the report")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_visitor_searches_and_sees_highlighted_results(page, demo_site):
    page.goto("/search/?q=reintegration")
    results = page.locator(".search-results")
    # The report and the event page share a title; the report is the one here.
    report = results.locator("li", has_text="Report").get_by_role(
        "link", name=REPORT_TITLE
    )
    expect(report).to_be_visible()
    expect(report).to_have_attribute("href", re.compile(r"^/publications/"))
    expect(results.locator("mark").first).to_have_text(
        re.compile("reintegration", re.I)
    )
