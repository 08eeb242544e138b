"""Organisations of the directory: `OrganisationFactory(listed_in=tenant, **fields)`.

Identifiers are valid (NIP and REGON with their check digits, KRS zero-padded); the search
text and sort key are computed as the services do. `listed_in` takes a tenant or a list of
tenants; `spheres` and `districts` take lists of objects.
"""

import factory
from django_scopes import scopes_disabled
from stdnum.pl import nip as nip_number
from stdnum.pl import regon as regon_number

from pozytek.legal.models import LegalForm
from pozytek.organisations.models import Organisation, OrganisationArea
from pozytek.organisations.services import refresh_search_fields
from pozytek.organisations.states import AreaBasis


def valid_nip(n: int) -> str:
    """A valid NIP unique to `n`: nine digits of our own and the first check digit that works."""
    for step in range(10):
        prefix = f"{100_000_000 + n * 10 + step:09d}"
        check = sum(w * int(d) for w, d in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), prefix, strict=True)) % 11
        if check < 10 and nip_number.is_valid(prefix + str(check)):
            return prefix + str(check)
    raise AssertionError("unreachable: one in ten prefixes has no check digit")  # pragma: no cover


def valid_regon(n: int) -> str:
    prefix = f"{10_000_000 + n:08d}"
    return prefix + regon_number.calc_check_digit(prefix)


def _as_list(value: object) -> list:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return list(value)
    return [value]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Fundacja Testowa {n}")
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(slug="fundacja"))
    krs = factory.Sequence(lambda n: f"{n + 1:010d}")
    nip = factory.Sequence(valid_nip)
    regon = factory.Sequence(valid_regon)

    @classmethod
    def _create(cls, model_class: type[Organisation], *args: object, **kwargs: object) -> Organisation:
        organisation = model_class(*args, **kwargs)
        refresh_search_fields(organisation)
        organisation.save()
        return organisation

    @factory.post_generation
    def listed_in(self, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        with scopes_disabled():
            for tenant in _as_list(extracted):
                OrganisationArea.objects.create(tenant=tenant, organisation=self, basis=AreaBasis.OFFICE)

    @factory.post_generation
    def spheres(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            self.spheres.set(_as_list(extracted))

    @factory.post_generation
    def districts(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and extracted:
            with scopes_disabled():
                self.districts.set(_as_list(extracted))
