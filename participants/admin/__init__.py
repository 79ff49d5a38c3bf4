"""The organisers' screens in the Wagtail admin, one module per concept.

Registered by `participants.wagtail_hooks`. Django's own admin is not installed,
so nothing autodiscovers this package.
"""
