from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.images import get_image_model

from roundtable import images


@hooks.register("before_bulk_action")
def refuse_images_into_private_collections(request, action_type, objects, action):
    """The images listing's "Add to collection" skips the image form: same rule."""
    if action_type != "add_to_collection" or action.model is not get_image_model():
        return None
    if images.is_private_collection(action.cleaned_form.cleaned_data["collection"]):
        messages.error(request, images.IMAGE_PRIVACY_MESSAGE)
        return redirect(action.next_url)
    return None
