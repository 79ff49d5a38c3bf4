"""Demo publications: the 2015 report of the 2014 roundtable.

Facts come from the report as first published (seed 000); the words are the
site's own. Like the rest of the demo, every step creates only what is missing.
"""

import datetime

from wagtail.models import Collection

from demo.shared import ensure_report_authors, publish_child
from programme.models import Session
from publications.models import (
    Category,
    CategoryKind,
    ChecklistItem,
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
        "their dignity. Participants stressed three things:</p>",
    ),
    (
        "list",
        {
            "style": "ul",
            "items": [
                "Victims have the right to a lawyer, and case managers or victim "
                "support units must make sure they get one.",
                "Every step of an investigation should take the victim’s age and "
                "gender into account.",
                "Victims should have a forum to say freely what they think of the "
                "support, protection, repatriation and reintegration they were "
                "offered — and what they say should shape future policy.",
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
        "<p>The United States’ T-Visa shows that this can be done: it gives victims "
        "of trafficking a clear route to permanent residence and, in time, "
        "citizenship. Where a victim must be repatriated for legal or procedural "
        "reasons, there should be a lawful way back to the destination country — "
        "which suits victims of labour trafficking in particular when an employer is "
        "ready to hire them again.</p>",
    ),
    (
        "quote",
        {
            "quote": "Reintegration, or any other long-term solution, succeeds only "
            "when it is built around the needs and rights of the victims "
            "themselves.",
            "attribution": "The roundtable’s finding on durable solutions",
        },
    ),
]

POINTERS_INTRODUCTION = "The roundtable agreed on three policy pointers."
POINTERS = [
    (
        "Standardise definitions and legal language",
        "Use the same definitions and the same legal language across the frameworks "
        "that deal with trafficking in persons — from prevention, through "
        "prosecution, to protection.",
        "standardise-definitions",
    ),
    (
        "Open victim protection to non-government partners",
        "Victims’ protection needs are often ranked below other priorities such as "
        "prosecution, deterrence or the security of facilities, yet they call for a "
        "differentiated approach. Governments keep the primary responsibility, but "
        "their agencies should be mandated to work with non-government, "
        "international humanitarian and grassroots organisations that protect "
        "victims, so that services complement one another and stay centred on the "
        "victim.",
        "open-protection-to-partners",
    ),
    (
        "Give every victim a dedicated case manager",
        "A specialised case manager or victim support unit, trained to accompany "
        "victims from identification through protection to reintegration, is "
        "essential. It makes it possible to monitor each case, arrange care and "
        "follow up on what becomes of the victim.",
        "dedicated-case-managers",
    ),
]

CHECKLIST_INTRODUCTION = (
    "Drawn from the breakout discussions: what victims need, how to respond, and "
    "practices participants found to work."
)
CHECKLIST = [
    (
        "Trust and a safe environment",
        "Let victims decide freely whether to cooperate with the authorities; give "
        "them a safe place to recover.",
        "A case manager or victim support unit that stays with the victim from "
        "identification to reintegration.",
    ),
    (
        "Health care",
        "Provide health care that victims can reach without fear of stigma.",
        "Services designed around the differing needs of victims of sexual and of "
        "labour exploitation.",
    ),
    (
        "Legal assistance",
        "Guarantee legal representation, with particular sensitivity towards victims "
        "of sexual exploitation.",
        "Investigations that are age- and gender-sensitive at every step.",
    ),
    (
        "A say in the services offered",
        "Give victims a forum to discuss support, protection, repatriation and "
        "reintegration programmes.",
        "Feeding the results of these evaluations into protection policy.",
    ),
    (
        "Legal status and a durable solution",
        "Review immigration and foreign-employment rules so victims can stay "
        "lawfully, return voluntarily or move on.",
        "The US T-Visa’s path to residence; lawful re-migration for labour "
        "trafficking victims whose employer will re-hire them.",
    ),
    (
        "Coordinated protection",
        "Mandate government agencies to work with non-government, humanitarian and "
        "grassroots organisations.",
        "Shared, standardised definitions so that every partner means the same "
        "thing by “victim” and “protection”.",
    ),
]

# Where the demo programme's sessions fed the report (by pointer anchor, by need).
POINTER_SESSIONS = {
    "standardise-definitions": "regional-frameworks",
    "open-protection-to-partners": "protection-needs",
    "dedicated-case-managers": "way-forward",
}
CHECKLIST_SESSIONS = {
    "Trust and a safe environment": "breakout-children",
    "Health care": "breakout-sexual-exploitation",
    "Legal assistance": "breakout-sexual-exploitation",
    "Legal status and a durable solution": "breakout-forced-labour",
}

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
                "Reports from our roundtables: what participants concluded, their "
                "policy pointers and the protection check lists they drew up."
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
    sessions = {
        session.slug: [session]
        for session in Session.objects.filter(event=event, live=True)
    }
    report = ReportPage(
        title=REPORT_TITLE,
        slug=REPORT_SLUG,
        search_description=(
            "Report of the 2014 RSIS–ICRC roundtable: three policy pointers and a "
            "protection check list for victims of trafficking in the Asia-Pacific."
        ),
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        report_type=ReportType.EVENT_REPORT,
        related_event=event,
        summary="".join(f"<p>{text}</p>" for text in SUMMARY_PARAGRAPHS),
        body=BODY,
        pointers_introduction=POINTERS_INTRODUCTION,
        checklist_introduction=CHECKLIST_INTRODUCTION,
        conclusion=CONCLUSION,
        authors=[ReportAuthor(person=person) for person in authors],
        policy_pointers=[
            PolicyPointer(
                title=title,
                text=text,
                anchor=anchor,
                sessions=sessions.get(POINTER_SESSIONS.get(anchor), []),
            )
            for title, text, anchor in POINTERS
        ],
        checklist_items=[
            ChecklistItem(
                need=need,
                responses=responses,
                practices=practices,
                session=sessions.get(CHECKLIST_SESSIONS.get(need), [None])[0],
            )
            for need, responses, practices in CHECKLIST
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
