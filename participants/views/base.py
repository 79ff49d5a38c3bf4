"""What the invitee's pages share."""


def posted(request):
    """The form data of a POST, even an empty one (bound, so it shows errors)."""
    return request.POST if request.method == "POST" else None
