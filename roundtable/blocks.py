"""StreamField blocks for free-form editorial bodies.

Structured data (sessions, people, policy pointers) are models, not blocks.
"""

from django.utils.text import slugify
from wagtail import blocks


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Subheading")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading_block.html"
        description = "A heading that also appears in the table of contents."
        preview_value = {"text": "Background", "level": "h2"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # The page passes heading_anchor from heading_anchors(); alone, the text's.
        context["anchor"] = context.get("heading_anchor") or (
            slugify(value["text"]) or "section"
        )
        return context


def heading_anchors(body, *, taken=()):
    """(block, anchor) for each block of `body`; anchor is None but for headings.

    A heading's anchor is its slugified text, made distinct from the ids in
    `taken` (the page's own sections) and from the other headings by a suffix,
    so that no id repeats and every contents link reaches its heading.
    """
    taken = set(taken)
    pairs = []
    for block in body:
        anchor = None
        if block.block_type == "heading":
            base = slugify(block.value["text"]) or "section"
            anchor, suffix = base, 2
            while anchor in taken:
                anchor, suffix = f"{base}-{suffix}", suffix + 1
            taken.add(anchor)
        pairs.append((block, anchor))
    return pairs


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote_block.html"
        description = "A pull quote with an optional attribution."
        preview_value = {
            "quote": "Protection and care of victims is imperative.",
            "attribution": "Roundtable participant",
        }


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("ul", "Bulleted"), ("ol", "Numbered")], default="ul"
    )
    items = blocks.ListBlock(blocks.CharBlock(max_length=1000))

    class Meta:
        icon = "list-ul"
        template = "blocks/list_block.html"
        description = "A bulleted or numbered list of short points."
        preview_value = {
            "style": "ul",
            "items": ["Share country experiences", "Identify unmet needs"],
        }


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        template="blocks/paragraph_block.html",
        description="Paragraphs of text with links.",
        preview_value="<p>The roundtable brings together experts and officials.</p>",
        icon="pilcrow",
    )
    quote = QuoteBlock()
    list = ListBlock()
