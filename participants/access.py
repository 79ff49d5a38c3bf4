"""Who may see what: one place for the rules every view, feed and export applies."""


def is_organiser(user):
    """Organisers run events: members of the Organisers group, or superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    # Imported here: page models import this module while the models load.
    from participants.services import ORGANISERS_GROUP

    return ORGANISERS_GROUP in _group_names(user)


def is_event_participant(user, event):
    """A confirmed participant of `event`: a member of its participant group."""
    if not user.is_authenticated or not user.is_active:
        return False
    group = event.participant_group
    return group is not None and group.name in _group_names(user)


def can_see_private_details(user, event):
    """Participants-only details of `event`: its participants and the organisers."""
    return is_organiser(user) or is_event_participant(user, event)


def _group_names(user):
    """The user's group names, fetched once per user object (one query)."""
    cached = getattr(user, "_roundtable_group_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._roundtable_group_names = cached
    return cached
