import factory

from programme.models import Organisation, Person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Institute for Policy Studies {n}")
    short_name = factory.Sequence(lambda n: f"IPS{n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name")
    position = "Senior Fellow"
    organisation = factory.SubFactory(OrganisationFactory)
    is_fictional = True
