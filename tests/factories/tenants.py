import factory

from pozytek.tenants.models import District, Tenant
from pozytek.tenants.states import TenantState


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"Gmina Testowa {n}")
    slug = factory.Sequence(lambda n: f"gmina-testowa-{n}")
    kind = "gmina"
    teryt = factory.Sequence(lambda n: f"{1000000 + n:07d}")
    state = TenantState.PUBLISHED
    office_name = factory.LazyAttribute(lambda t: f"Urząd {t.name}")
    address = "ul. Rynek 1, 00-001 Testowo"
    email = factory.Sequence(lambda n: f"urzad{n}@gmina.test")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    tenant = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Osiedle {n}")
    kind = "osiedle"
