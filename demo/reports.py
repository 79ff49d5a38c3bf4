"""Demo publications: the 2015 report of the 2014 roundtable.

Facts come from the report as first published; the words are the site's own, a
summary that says so (`SOURCE_NOTE`) and claims no more than the report: its
three pointers were "offered", it credits no session and has no check list.
Like the rest of the demo, every step creates only what is missing.
"""

import datetime

from wagtail.models import Collection

from demo.shared import ensure_report_authors, publish_child
from publications.models import (
    Category,
    CategoryKind,
    PolicyPointer,
    ReportAuthor,
    ReportIndexPage,
    ReportPage,
    ReportType,
)

REPORT_SLUG = "humanitarian-dimension-protection-trafficking-in-persons"
REPORT_TITLE = (
    "Consultative Roundtable on the Humanitarian Dimension and Protection Aspects "
    "of Trafficking in Persons"
)
PUBLICATIONS_COLLECTION = "Publications"
# The stand-in PDF that earlier versions of the demo uploaded.
STAND_IN_PDF_TITLE = f"{REPORT_TITLE} (PDF)"

CATEGORIES = [
    ("Non-Traditional Security", "non-traditional-security", CategoryKind.TOPIC),
    ("East Asia and Asia Pacific", "east-asia-and-asia-pacific", CategoryKind.REGION),
    ("Southeast Asia and ASEAN", "southeast-asia-and-asean", CategoryKind.REGION),
]

SUMMARY_PARAGRAPHS = [
    "Trafficking in persons reaches every part of the world, but how many people it "
    "touches is hard to measure. Estimates run from around 800,000 people, the "
    "International Organization for Migration’s figure, to the 27 million that the "
    "United States Trafficking in Persons Report counted in a single year. The "
    "Asia-Pacific is recognised as a significant source of trafficked people, "
    "driven among other things by irregular migration, porous land borders and "
    "unequal access to jobs and education.",
    "Over the past decade the region’s governments have taken many initiatives "
    "against trafficking, mostly through the lens of security, immigration and law "
    "enforcement. Enforcement remains essential. But victims also need protection "
    "and care — in the words of the Inter-Agency Standing Committee, activities "
    "that seek full respect for the rights of the individual under human rights "
    "law, international humanitarian law and refugee law.",
    "Regional instruments such as the ASEAN Declaration on Transnational Crime "
    "exist, yet most are not legally binding and are slow to be put into practice. "
    "Track II institutions are drafting recommendations for governments, including "
    "on the care of victims. Responses work best when they are holistic and "
    "advance human security and the rights of migrants.",
    "In June 2014 the RSIS Centre for Non-Traditional Security (NTS) Studies and "
    "the International Committee of the Red Cross (ICRC) brought experts, "
    "academics, practitioners and government representatives together to clarify "
    "who does what in protecting victims, to identify unmet protection needs and "
    "possible responses, to collect country experiences and good practices in a "
    "protection check list, and to feed into regional policy thinking. This report "
    "sets out what they concluded.",
]

BODY = [
    ("heading", {"text": "What victims need", "level": "h2"}),
    (
        "paragraph",
        "<p>Trafficking takes different forms and serves different purposes, so its "
        "victims have specific and often quite different needs. Many need health "
        "care and legal help, yet stay away from both because they fear being "
        "stigmatised. Legal assistance calls for particular tact where victims of "
        "sexual exploitation face prejudice.</p>",
    ),
    (
        "paragraph",
        "<p>Winning a victim’s trust, so that they choose to cooperate with the "
        "authorities, is hard; so is offering a safe place where they can recover "
        "their dignity. The report sets out what this asks of those who work with "
        "victims:</p>",
    ),
    (
        "list",
        {
            "style": "ul",
            "items": [
                "Case managers or victim support units must make sure that victims "
                "have the right to legal representation.",
                "The whole investigation should take the victim’s age and gender "
                "into account.",
                "An inclusive evaluation gives victims a place to say freely what "
                "they think of the support, protection, repatriation and "
                "reintegration they were offered; what they say can inform better "
                "policy.",
            ],
        },
    ),
    ("heading", {"text": "Reintegration and legal status", "level": "h2"}),
    (
        "paragraph",
        "<p>A (re)integration policy for victims brings its own obligations. It may "
        "mean revising immigration and foreign-employment laws and related "
        "regulations, so that victims can obtain a legal status and protection while "
        "keeping the choice to return home voluntarily or to move on.</p>",
    ),
    (
        "paragraph",
        "<p>The report points to the United States’ T-Visa as an example: it gives "
        "victims of trafficking a clear route to permanent residence and, in time, "
        "citizenship. Where a victim must be repatriated for legal or procedural "
        "reasons, there should be a lawful way back to the destination country, "
        "which would suit victims of labour trafficking in particular when an "
        "employer is ready to hire them again. Reintegration, or any other long-term "
        "answer to victims’ needs, will succeed only if it is built around the "
        "needs and rights of the victims themselves.</p>",
    ),
]

POINTERS_INTRODUCTION = "The roundtable offered three policy pointers."
# The report's own three pointers; the titles are the site's, kept to what each says.
POINTERS = [
    (
        "Standardise definitions and legal language",
        "Use the same definitions and the same legal language across the frameworks "
        "that deal with trafficking in persons — from prevention, through "
        "prosecution, to protection.",
        "standardise-definitions",
    ),
    (
        "Expand protection through collaboration with non-government agencies",
        "Victims’ protection needs are often ranked below other priorities such as "
        "prosecution, deterrence or the security of facilities, yet they call for a "
        "differentiated approach. Governments keep the primary responsibility, but "
        "their agencies should be mandated to work with non-government, "
        "international humanitarian and grassroots organisations that protect "
        "victims, so that services complement one another and the approach is "
        "centred on the victim.",
        "open-protection-to-partners",
    ),
    (
        "A specialised, dedicated case manager or victim support unit",
        "A case manager or victim support unit trained to assist victims from "
        "identification through protection to reintegration is imperative. It "
        "allows concrete monitoring, care arrangements and follow-up on the status "
        "of victims of trafficking.",
        "dedicated-case-managers",
    ),
]

SOURCE_NOTE = (
    "This page is a summary of the report written for this site, not the report’s "
    "own text; the report was published by the RSIS Centre for NTS Studies on "
    "1 February 2015."
)

CONCLUSION = (
    "<p>Trafficking in persons has to be tackled at every level, from multilateral "
    "forums to local communities, and always with the needs and rights of victims "
    "— including their age and gender — in view. Non-governmental and "
    "humanitarian organisations can supplement and strengthen what governments do. "
    "Criminalising and punishing trafficking must not expose victims to "
    "persecution or further distress, and existing anti-trafficking laws need "
    "stricter enforcement.</p>"
    "<p>Above all, the report argues that protection must run alongside "
    "prevention, with policies that address the psychological and socio-economic "
    "difficulties, and the cultural beliefs, that weigh on victims.</p>"
)


def load_reports(home, event):
    """Publications index, categories and the 2015 report with its PDF."""
    index = ensure_publications_index(home)
    return ensure_report(index, event)


def ensure_publications_index(home):
    existing = ReportIndexPage.objects.child_of(home).filter(slug="publications")
    if existing.exists():
        return existing.get()
    return publish_child(
        home,
        ReportIndexPage(
            title="Publications",
            slug="publications",
            show_in_menus=True,
            introduction=(
                "Reports from our roundtables: what came out of each, and the "
                "policy pointers they offered."
            ),
        ),
    )


def ensure_categories():
    return [
        Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind}
        )[0]
        for name, slug, kind in CATEGORIES
    ]


def ensure_report(index, event):
    existing = ReportPage.objects.filter(slug=REPORT_SLUG).first()
    if existing is not None:
        drop_stand_in_pdf(existing)
        return existing
    authors = ensure_report_authors()
    report = ReportPage(
        title=REPORT_TITLE,
        slug=REPORT_SLUG,
        search_description=(
            "Report of the 2014 RSIS–ICRC roundtable and its three policy pointers "
            "on protecting victims of trafficking in the Asia-Pacific."
        ),
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        report_type=ReportType.EVENT_REPORT,
        related_event=event,
        source_note=SOURCE_NOTE,
        summary="".join(f"<p>{text}</p>" for text in SUMMARY_PARAGRAPHS),
        body=BODY,
        pointers_introduction=POINTERS_INTRODUCTION,
        conclusion=CONCLUSION,
        authors=[ReportAuthor(person=person) for person in authors],
        # The report credits no session with a pointer, and has no check list.
        policy_pointers=[
            PolicyPointer(title=title, text=text, anchor=anchor)
            for title, text, anchor in POINTERS
        ],
    )
    report.categories = ensure_categories()
    # Where an organiser would upload a PDF of their own; until then the page
    # offers the one it makes from its content.
    ensure_publications_collection()
    return publish_child(index, report)


def drop_stand_in_pdf(report):
    """Take back the stand-in PDF an earlier demo uploaded: the page makes a better one.

    Only that document (its title, in the Publications collection), and only
    when the report has no unpublished changes that publishing would lose.
    """
    document = report.pdf
    if (
        document is None
        or document.title != STAND_IN_PDF_TITLE
        or document.collection.name != PUBLICATIONS_COLLECTION
        or report.has_unpublished_changes
    ):
        return
    report.pdf = None
    report.save_revision().publish()
    document.delete()


def ensure_publications_collection():
    """The public collection for report PDFs that organisers upload."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PUBLICATIONS_COLLECTION).first()
    if existing is not None:
        return existing
    return root.add_child(name=PUBLICATIONS_COLLECTION)
