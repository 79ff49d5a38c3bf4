"""A report's plain-text citation, as a pure function of what the page shows."""


def citation_text(report, *, authors, publisher, url):
    """A plain-text citation: ‘Trajano, J. C. I. and Sembiring, M. (2015) …’."""
    names = [_citation_name(person.name) for person in authors]
    if len(names) > 1:
        names_text = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        names_text = "".join(names)
    parts = []
    if names_text:
        parts.append(f"{names_text} ({report.publication_date.year}).")
    else:
        parts.append(f"({report.publication_date.year}).")
    parts.append(f"{report.title}.")
    parts.append(f"{report.get_report_type_display()}.")
    if publisher:
        parts.append(f"{publisher}.")
    parts.append(f"{report.publication_date.day} {report.publication_date:%B %Y}.")
    parts.append(f"Available at: {url}")
    return " ".join(parts)


def _citation_name(name):
    words = name.split()
    if len(words) < 2:
        return name
    initials = " ".join(f"{word[0]}." for word in words[:-1])
    return f"{words[-1]}, {initials}"
