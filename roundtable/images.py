"""Images are public: none may go into a collection with view restrictions.

Wagtail serves images (originals and renditions) by their file address, with no
privacy check, so an image in a private pre-reads collection
(`participants.area.ensure_area_privacy`) would still be public to anyone
with its address. The image form (`WAGTAILIMAGES_IMAGE_FORM_BASE`, used by the
add and edit views, the chooser's upload and the multiple uploader) and the
"add to collection" bulk action (`roundtable.wagtail_hooks`) refuse such a
collection, or one inside it.
"""

from wagtail.images.forms import BaseImageForm

IMAGE_PRIVACY_MESSAGE = (
    "Images cannot be private: anyone with an image's address can see it. "
    "Choose a collection without privacy restrictions, or share the file as a "
    "document, which respects them."
)


def is_private_collection(collection):
    """Whether the collection, or a collection it is in, has view restrictions."""
    return collection is not None and collection.get_view_restrictions().exists()


class ImageForm(BaseImageForm):
    def clean(self):
        cleaned_data = super().clean()
        if "collection" in self.fields:
            if is_private_collection(cleaned_data.get("collection")):
                self.add_error("collection", IMAGE_PRIVACY_MESSAGE)
        elif self.instance.collection_id is not None and is_private_collection(
            self.instance.collection
        ):
            # One collection only for this person, and it is private.
            self.add_error(None, IMAGE_PRIVACY_MESSAGE)
        return cleaned_data
