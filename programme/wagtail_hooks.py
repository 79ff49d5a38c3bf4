from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Organisation, Person


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "site"
    menu_label = "Organisations"
    list_display = ["name", "short_name", "url"]
    search_fields = ["name", "short_name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    list_display = ["name", "position", "organisation"]
    list_filter = ["organisation", "is_fictional"]
    search_fields = ["name", "position"]


class DirectoryViewSetGroup(SnippetViewSetGroup):
    items = (PersonViewSet, OrganisationViewSet)
    menu_icon = "group"
    menu_label = "Directory"
    menu_name = "directory"


register_snippet(DirectoryViewSetGroup)
