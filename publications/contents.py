"""A report page's sections and anchors, as pure functions of its content."""

from django.utils.text import slugify

from roundtable.blocks import heading_anchors

# Sections every report has; their anchors are part of the page's address.
FIXED_SECTIONS = {
    "summary": "Executive summary",
    "policy-pointers": "Policy pointers",
    "check-list": "Protection check list",
    "conclusion": "Conclusion",
}
# Other ids on the report page (base and report templates); no anchor may take one.
PAGE_IDS = {
    "main-content",
    "summary-heading",
    "policy-pointers-heading",
    "check-list-heading",
    "conclusion-heading",
    "cite",
    "cite-heading",
    "citation",
    "toc-heading",
}


def assign_pointer_anchors(pointers):
    """Give each policy pointer without an anchor one derived from its title.

    An anchor, once set, is kept when the title changes, so links stay valid.
    """
    pointers = list(pointers)
    taken = {p.anchor for p in pointers if p.anchor} | set(FIXED_SECTIONS) | PAGE_IDS
    for number, pointer in enumerate(pointers, start=1):
        if pointer.anchor:
            continue
        base = slugify(pointer.title)[:60].strip("-") or f"pointer-{number}"
        anchor, suffix = base, 2
        while anchor in taken:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        pointer.anchor = anchor
        taken.add(anchor)


def body_with_anchors(body, *, pointers):
    """(block, anchor) for the body: heading anchors that repeat no other id."""
    taken = set(FIXED_SECTIONS) | PAGE_IDS | {p.anchor for p in pointers}
    return heading_anchors(body, taken=taken)


def table_of_contents(*, body, has_pointers, has_checklist, has_conclusion):
    """(anchor, title, level) for each section, in reading order.

    `body` is body_with_anchors(), so the links match the headings' ids."""
    entries = [("summary", FIXED_SECTIONS["summary"], 2)]
    for block, anchor in body:
        if anchor is not None:
            level = 3 if block.value["level"] == "h3" else 2
            entries.append((anchor, block.value["text"], level))
    if has_pointers:
        entries.append(("policy-pointers", FIXED_SECTIONS["policy-pointers"], 2))
    if has_checklist:
        entries.append(("check-list", FIXED_SECTIONS["check-list"], 2))
    if has_conclusion:
        entries.append(("conclusion", FIXED_SECTIONS["conclusion"], 2))
    return entries
