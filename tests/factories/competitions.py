"""Calls: `CallFactory(tenant=…)` is a complete draft that passes the publish guard.

Pass `spheres=[…]` (default: the sphere of point 1) and `criteria=0` for a call without criteria.
`PublishedCallFactory` sets the state and publication time directly (test data, not a transition).
"""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from django_scopes import scopes_disabled

from pozytek.competitions.models import Call, ChecklistItem, Criterion
from pozytek.competitions.states import CallMode, CallState, EligibleEntity
from pozytek.legal.models import SphereOfPublicTasks
from tests.factories.tenants import TenantFactory


def default_sphere() -> SphereOfPublicTasks:
    return SphereOfPublicTasks.objects.order_by("order", "code").first()


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    title = factory.Sequence(lambda n: f"Wspieranie kultury fizycznej {n}")
    task_type = "Organizacja zajęć sportowych dla dzieci i młodzieży."
    mode = CallMode.SUPPORT
    total_funds = Decimal("100000.00")
    award_rules = "Dotacje przyznaje Burmistrz po opinii komisji konkursowej."
    delivery_start = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    delivery_end = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=200))
    delivery_conditions = "Zadanie realizuje się na terenie gminy."
    offer_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    procedure = "Oferty ocenia komisja konkursowa."
    choice_deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=50))
    previous_tasks = "W roku bieżącym i ubiegłym przekazano 80 000 zł."
    min_grant = Decimal("1000.00")
    max_grant = Decimal("20000.00")
    min_own_total = Decimal("10.00")
    required_attachments = "Statut\nSprawozdanie finansowe"
    eligible_entities = factory.LazyFunction(lambda: [EligibleEntity.NGO.value, EligibleEntity.ART_3_3.value])
    state = CallState.DRAFT

    @classmethod
    def _create(cls, model_class: type[Call], *args: object, **kwargs: object) -> Call:
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)

    @factory.post_generation
    def spheres(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.spheres.set(extracted if extracted is not None else [default_sphere()])

    @factory.post_generation
    def criteria(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            for n in range(1 if extracted is None else int(extracted)):
                Criterion.objects.create(call=self, name=f"Jakość oferty {n + 1}", max_points=10, order=n)
            ChecklistItem.objects.create(call=self, text="Oferta złożona w terminie", correctable=False)
            ChecklistItem.objects.create(call=self, text="Oferta podpisana", correctable=True, order=1)


class PublishedCallFactory(CallFactory):
    state = CallState.PUBLISHED
    number = factory.Sequence(lambda n: f"{n + 1}/2027")
    published_at = factory.LazyFunction(timezone.now)
