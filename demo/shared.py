"""What the parts of the demo share: the organisations, the authors, publishing."""

from programme.models import Organisation, Person

ORGANISATIONS = [
    {
        "name": "Centre for Non-Traditional Security Studies, "
        "S. Rajaratnam School of International Studies",
        "short_name": "RSIS Centre for NTS Studies",
    },
    {"name": "International Committee of the Red Cross", "short_name": "ICRC"},
]


def squash(html):
    """Rich text written across source lines, as one line per paragraph."""
    return " ".join(html.split()).replace("</p> <p>", "</p><p>")


def publish_child(parent, page):
    """Add `page` under `parent` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_organisations():
    return [
        Organisation.objects.get_or_create(name=data["name"], defaults=data)[0]
        for data in ORGANISATIONS
    ]


# The only real people the sources name: the authors of the 2015 report.
REPORT_AUTHORS = ["Julius Cesar Imperial Trajano", "Margareth Sembiring"]


def ensure_report_authors():
    """The report's two authors, as the report names them: no affiliation, since
    the sources give none, and no other role on the site."""
    return [
        Person.objects.get_or_create(name=name, defaults={"organisation": None})[0]
        for name in REPORT_AUTHORS
    ]
