"""Publications: categories, the publications index and reports."""

import datetime

import factory
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from publications.models import (
    Category,
    CategoryKind,
    ReportIndexPage,
    ReportPage,
    ReportType,
)
from roundtable.models import HomePage

from .pages import HomePageFactory, PublishedPageFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    kind = CategoryKind.TOPIC


class ReportIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = ReportIndexPage

    title = "Publications"
    slug = "publications"
    introduction = "Reports from our roundtables."

    @classmethod
    def default_parent(cls):
        return HomePage.objects.first() or HomePageFactory()


class ReportPageFactory(PublishedPageFactory):
    """A published report; pass `authors=[ReportAuthor(person=…)]` and the like."""

    class Meta:
        model = ReportPage

    title = factory.Sequence(lambda n: f"Report on protection {n}")
    slug = factory.Sequence(lambda n: f"report-{n}")
    publication_date = datetime.date(2015, 2, 1)
    report_type = ReportType.EVENT_REPORT
    summary = "<p>What the roundtable concluded about protecting victims.</p>"

    @classmethod
    def default_parent(cls):
        return ReportIndexPage.objects.first() or ReportIndexPageFactory()

    @classmethod
    def _create(cls, model_class, *args, categories=(), **kwargs):
        if categories:
            kwargs["categories"] = list(categories)
        return super()._create(model_class, *args, **kwargs)


def report_pdf(title="The report", content=b"%PDF-1.4 zebracorn findings"):
    """A PDF in the document library's root collection, as an editor uploads one."""
    document = get_document_model()(title=title)
    document.file.save("report.pdf", ContentFile(content), save=False)
    document.save()
    return document
