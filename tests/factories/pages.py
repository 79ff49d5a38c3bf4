"""Page factories: each page is added under its parent and published."""

import datetime

import factory
from django.utils.text import slugify
from wagtail.models import Page, Site

from roundtable.models import EventIndexPage, EventPage, HomePage, SiteSettings


class PublishedPageFactory(factory.django.DjangoModelFactory):
    """Create pages the way an editor does: add under a parent, then publish."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        page = model_class(*args, **kwargs)
        if parent is None:
            parent = cls.default_parent()
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    @classmethod
    def default_parent(cls):
        return Page.get_first_root_node()


class HomePageFactory(PublishedPageFactory):
    """The site root; replaces Wagtail's placeholder page on the default site."""

    class Meta:
        model = HomePage

    title = "Roundtables"
    slug = "home-test"
    introduction = "Closed-door consultations on humanitarian protection."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": page},
        )
        # The settings row, as a running site has it: the first page served
        # would otherwise create it (and purge the caches) mid-test.
        SiteSettings.load()
        return page


class EventIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = EventIndexPage

    title = "Events"
    slug = "events"

    @classmethod
    def default_parent(cls):
        return HomePage.objects.first() or HomePageFactory()


class EventPageFactory(PublishedPageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Roundtable on protection {n}")
    slug = factory.Sequence(lambda n: f"roundtable-{n}")
    start_date = datetime.date(2014, 6, 26)
    end_date = datetime.date(2014, 6, 27)
    time_zone = "Asia/Singapore"
    venue_name = "Copthorne King’s Hotel"
    introduction = "A consultation on protecting victims of trafficking."

    @classmethod
    def default_parent(cls):
        return EventIndexPage.objects.first() or EventIndexPageFactory()
