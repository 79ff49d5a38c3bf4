"""The demo site's pages: home, event, standard pages, and the organiser account.

Facts come from the organisers' 2014 announcement; the words around them are the
site's own. Every step creates what is missing and leaves what exists alone.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from demo.shared import ORGANISATIONS, ensure_organisations, publish_child, squash
from participants import accounts
from roundtable.access import ensure_organisers_group
from roundtable.models import (
    EventAim,
    EventIndexPage,
    EventOrganiser,
    EventPage,
    EventTheme,
    HomePage,
    SiteSettings,
    StandardPage,
)

EVENT_SLUG = "trafficking-in-persons-roundtable-2014"
ORGANISER_EMAIL = "organiser@roundtable.example.org"
CONTACT_EMAIL = "roundtable@roundtable.example.org"

AIMS = [
    "Deepen the participants’ shared understanding of the current issues in "
    "protecting victims of trafficking in persons in the region.",
    "Share country experiences, approaches, lessons learned and good practices in "
    "responding to victims’ protection needs.",
    "Clarify the roles of the many actors involved — governments, civil society "
    "organisations, international organisations and others.",
    "Identify protection needs that are still unmet and discuss possible responses.",
    "Feed into regional thinking that will shape national and regional policies "
    "centred on protecting victims of trafficking in persons.",
]

THEMES = [
    (
        "Regional frameworks on the protection of victims of trafficking",
        "The Bali Process, ASEAN and the OECD.",
    ),
    (
        "Identifying victims of trafficking in Southeast Asia",
        "Smuggling and trafficking; problems and challenges; good practices.",
    ),
    (
        "Improving the response to victims’ protection needs",
        "People trafficked for sexual exploitation and for forced labour; "
        "trafficking of children.",
    ),
    (
        "Durable solutions for victims of trafficking",
        "Challenges to repatriation and reintegration; solutions beyond repatriation.",
    ),
    (
        "Responding to the specific needs of victims",
        "Best practices from Tier 1 countries.",
    ),
]

EVENT_INTRODUCTION = (
    "Law enforcement is essential in the fight against human trafficking, but it is "
    "not enough: the people who are trafficked must also receive the protection and "
    "care they need. This closed-door consultation asked what that protection should "
    "look like in the Asia-Pacific, and who should provide it."
)

EVENT_BACKGROUND = """
<p>Trafficking in persons happens in every region of the world, yet nobody can say
with confidence how many people it affects. Published estimates differ by more than
an order of magnitude: the International Organization for Migration has put the
figure at around 800,000 people, while the United States Trafficking in Persons
Report counts 27 million people subjected to the crime in a single year.</p>
<p>The Asia-Pacific has been described as a significant source of trafficked persons.
High levels of irregular migration, porous land borders and wide gaps in economic,
employment and education opportunities all play a part.</p>
<p>States across the region have taken a range of measures to protect and care for
victims, often working with national and international organisations. Regional
instruments exist — among them the ASEAN Declaration on Transnational Crime — but
most are not legally binding, putting them into practice has been slow, and many
states fall short of their obligations. Track II institutions are also preparing
policy recommendations for governments, including on the protection and care of
victims.</p>
<p>Responses work best when they are holistic and promote human security and the
rights of migrants. That requires a continually improving understanding of the
humanitarian and protection problems that trafficking creates. It is against this
background that the RSIS Centre for Non-Traditional Security Studies and the
International Committee of the Red Cross convened this roundtable, to support and
strengthen current regional efforts with a particular focus on protecting the
victims of trafficking.</p>
"""

EVENT_FORMAT = """
<p>The roundtable was meant to be solution-oriented: to end with concrete ideas that
practitioners and policymakers working to protect victims of trafficking could put to
use.</p>
<p><b>Breakout sessions</b> were planned to help build a protection <b>check list</b>:
the needs of victims, the responses to those needs and the best practices for
identifying and protecting them, for governments and other stakeholders to draw on
when they develop victim protection strategies.</p>
<p>A <b>way-forward session</b> was to turn to method: how to evaluate protection
policies, and how to make good practices transferable and replicable.</p>
"""

# What the demo adds to the announcement's facts, said on every page that shows it.
ILLUSTRATIVE_NOTE = (
    "The announcement gives this roundtable’s dates, venue, organisers, aims and "
    "themes. The timetable, rooms, breakout groups, attribution rules and people "
    "of its programme are made up for this demonstration."
)

EVENT_AUDIENCE = (
    "Experts, academics, practitioners and government representatives who work on "
    "the protection of victims of trafficking."
)


def ensure_wagtail_roots():
    """The locale, root page and root collection Wagtail's migrations create.

    They are gone after `manage.py flush`; the demo puts them back.
    """
    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    if Page.get_first_root_node() is None:
        Page.add_root(
            title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def ensure_home_page():
    home = HomePage.objects.first()
    if home is not None:
        return home
    root = Page.get_first_root_node()
    # Wagtail's initial migration leaves a placeholder "Welcome" page at /home/.
    for placeholder in root.get_children().filter(slug="home"):
        if placeholder.specific_class is Page:
            placeholder.delete()
    home = publish_child(
        root,
        HomePage(
            title="Policy roundtables on humanitarian protection",
            slug="home",
            introduction=(
                "Closed-door consultations where officials, practitioners and "
                "researchers work through hard protection questions together, and "
                "the reports that come out of them."
            ),
            body=(
                "<p>Each roundtable is by invitation. Its overview, public "
                "programme and speakers are published here, and afterwards its "
                "report; invited participants find their agenda, pre-reads and "
                "breakout bookings in a private area.</p>"
            ),
        ),
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Roundtable",
        )
    else:
        site.root_page = home
        site.site_name = "Roundtable"
        site.save()
    return home


def ensure_site_settings():
    site_settings = SiteSettings.load()
    if not site_settings.publisher_name:
        site_settings.publisher_name = ORGANISATIONS[0]["short_name"]
        site_settings.contact_email = CONTACT_EMAIL
        site_settings.footer_note = "Roundtable series on non-traditional security"
        site_settings.save()
    return site_settings


def ensure_event_index(home):
    existing = EventIndexPage.objects.child_of(home).filter(slug="events").first()
    if existing is not None:
        return existing
    return publish_child(
        home,
        EventIndexPage(
            title="Events",
            slug="events",
            show_in_menus=True,
            introduction=(
                "Our roundtables, upcoming and past. Each is by invitation; the "
                "programme outline and the outcomes are public."
            ),
        ),
    )


def ensure_event(events):
    existing = EventPage.objects.filter(slug=EVENT_SLUG).first()
    if existing is not None:
        return existing
    organisations = ensure_organisations()
    event = EventPage(
        title=(
            "Consultative Roundtable on the Humanitarian Dimension and Protection "
            "Aspects of Trafficking in Persons"
        ),
        slug=EVENT_SLUG,
        seo_title=(
            "Roundtable on the protection aspects of trafficking in persons, 2014"
        ),
        search_description=(
            "26–27 June 2014, Singapore. A consultative roundtable of the RSIS Centre "
            "for NTS Studies and the ICRC on protecting victims of trafficking."
        ),
        introduction=EVENT_INTRODUCTION,
        start_date=datetime.date(2014, 6, 26),
        end_date=datetime.date(2014, 6, 27),
        time_zone="Asia/Singapore",
        venue_name="Copthorne King’s Hotel",
        venue_address="Singapore",
        invitation_only=True,
        background=squash(EVENT_BACKGROUND),
        aims_introduction="More specifically, the roundtable aimed to:",
        themes_introduction="The roundtable was to cover five themes.",
        format=squash(EVENT_FORMAT),
        audience=EVENT_AUDIENCE,
        contact_email=CONTACT_EMAIL,
        requires_approval=True,
        illustrative_note=ILLUSTRATIVE_NOTE,
        organisers=[EventOrganiser(organisation=org) for org in organisations],
        aims=[EventAim(text=text) for text in AIMS],
        themes=[EventTheme(title=title, topics=topics) for title, topics in THEMES],
    )
    return publish_child(events, event)


def ensure_standard_pages(home):
    pages = {
        "about": StandardPage(
            title="About the roundtables",
            slug="about",
            show_in_menus=True,
            introduction=(
                "Why we bring people together in small, closed rooms — and what comes "
                "out of it."
            ),
            body=[
                ("heading", {"text": "What a roundtable is", "level": "h2"}),
                (
                    "paragraph",
                    "<p>A roundtable gathers a few dozen people who work on the same "
                    "problem from different sides: government officials, international "
                    "and civil society organisations, practitioners and researchers. "
                    "Attendance is by invitation so that people can speak openly.</p>",
                ),
                ("heading", {"text": "What is public", "level": "h2"}),
                (
                    "list",
                    {
                        "style": "ul",
                        "items": [
                            "The event overview and the outline of the programme.",
                            "The speakers and the organisations they represent.",
                            "The post-event report, its policy pointers and its PDF.",
                        ],
                    },
                ),
                (
                    "paragraph",
                    "<p>Each session states on the programme whether it is on the "
                    "record, under the Chatham House Rule or closed. The full "
                    "agenda, pre-reads and the participant list are shared with "
                    "invited participants only.</p>",
                ),
            ],
        ),
        "privacy": StandardPage(
            title="Privacy notice",
            slug="privacy",
            show_in_menus=False,
            introduction=(
                "What we hold about invited participants, why, and for how long."
            ),
            last_reviewed=datetime.date(2026, 11, 1),
            body=[
                ("heading", {"text": "What we collect", "level": "h2"}),
                (
                    "list",
                    {
                        "style": "ul",
                        "items": [
                            "Your name, email address, position and organisation, "
                            "from your invitation and registration.",
                            "The days you attend, and dietary and access needs you "
                            "choose to tell us.",
                            "Your sessions, bookings and check-in times.",
                        ],
                    },
                ),
                ("heading", {"text": "Why", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Only to organise the event you were invited to: to confirm "
                    "your place, plan rooms and catering, and send you the programme. "
                    "We list you among the participants only if you agree.</p>",
                ),
                ("heading", {"text": "Your choices", "level": "h2"}),
                (
                    "paragraph",
                    "<p>You can download everything we hold about you, withdraw your "
                    "consent to appear in the participant list, or delete your "
                    "account at any time from your personal page. To ask a "
                    f'question, write to <a href="mailto:{CONTACT_EMAIL}">'
                    f"{CONTACT_EMAIL}</a>.</p>",
                ),
            ],
        ),
    }
    created = []
    for slug, page in pages.items():
        if not StandardPage.objects.child_of(home).filter(slug=slug).exists():
            created.append(publish_child(home, page))
    return created


def ensure_organiser(*, reset_password=False):
    """The demo organiser: in the Organisers group, not a superuser.

    Returns the user and the new password, or None when the password was kept.
    """
    group = ensure_organisers_group()
    user = accounts.find_account(email=ORGANISER_EMAIL)
    if user is None:
        password = secrets.token_urlsafe(12)
        user = accounts.create_account(
            email=ORGANISER_EMAIL,
            password=password,
            first_name="Demo",
            last_name="Organiser",
            groups=[group],
        )
        return user, password
    if reset_password:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        user.save(update_fields=["password"])
        return user, password
    return user, None
