"""Fixtures of the programme tests: a complete draft programme typed in through the services."""

import datetime as dt
from contextlib import contextmanager
from decimal import Decimal

from django_scopes import scope

from pozytek.core import record_kinds
from pozytek.legal.models import SphereOfPublicTasks
from pozytek.programmes.services import programmes as services
from pozytek.programmes.states import ProgrammeKind

ELEMENTS = {
    "main_goal": "Rozwój społeczeństwa obywatelskiego.",
    "principles": "Pomocniczość, suwerenność stron, partnerstwo, efektywność, uczciwa konkurencja, jawność.",
    "subject_scope": "Zadania publiczne z art. 4 ustawy.",
    "implementation": "Przez otwarte konkursy ofert i współpracę pozafinansową.",
    "evaluation_method": "Wskaźniki z wartością bazową i docelową.",
    "commission_rules": "Komisję powołuje Prezydent zarządzeniem.",
}


def draft_programme(tenant, official, *, year=2027, funds=Decimal("100000.00"), complete=True, title=None):
    """A draft with every element, two goals, two forms, one priority task and one indicator."""
    with scope(tenant=tenant):
        programme = services.create_programme(
            tenant=tenant,
            actor=official,
            data={
                "kind": ProgrammeKind.ANNUAL,
                "title": title or f"Program współpracy na rok {year}",
                "year_from": year,
                "planned_funds": funds,
                **(ELEMENTS if complete else {}),
            },
        )
        if not complete:
            return programme
        first = services.add_goal(programme=programme, actor=official, text="Wzmacnianie organizacji.")
        second = services.add_goal(programme=programme, actor=official, text="Konsultowanie aktów.")
        services.add_form(
            programme=programme, actor=official, text="Otwarte konkursy ofert", kinds=["other_activity"], goals=[first]
        )
        services.add_form(
            programme=programme,
            actor=official,
            text="Konsultowanie projektów aktów",
            kinds=["other_activity"],
            goals=[first, second],
        )
        sphere = SphereOfPublicTasks.objects.order_by("order").first()
        services.add_priority_task(
            programme=programme, actor=official, sphere=sphere, title="Wsparcie seniorów", planned_funds=funds / 2
        )
        services.add_indicator(
            programme=programme,
            actor=official,
            data={
                "name": "Liczba działań",
                "unit": "szt.",
                "baseline": Decimal(0),
                "target": Decimal(3),
                "goal": first,
            },
        )
    return programme


def adopted_programme(tenant, official, *, year=2026, resolution_date=None, **kwargs):
    """A complete programme recorded as adopted straight from the draft (consulted before the platform)."""
    programme = draft_programme(tenant, official, year=year, **kwargs)
    with scope(tenant=tenant):
        services.update_programme(
            programme=programme, actor=official, data={"creation_and_consultation": "Konsultacje w październiku."}
        )
        return services.adopt_programme(
            programme=programme,
            actor=official,
            resolution_number=f"XX/{programme.pk}/{year - 1}",
            resolution_date=resolution_date or dt.date(year - 1, 11, 20),
        )


def programme_in_force(tenant, official, *, year=2026, **kwargs):
    """An adopted programme brought into force (its first year must have begun)."""
    programme = adopted_programme(tenant, official, year=year, **kwargs)
    with scope(tenant=tenant):
        return services.bring_into_force(programme=programme, actor=official)


@contextmanager
def registered(*items):
    """Register throwaway record kinds and measures for one test and take them out of the registry after,
    so other tests see only what the apps register."""
    registry = record_kinds._REGISTRY
    added = []
    try:
        for item in items:
            is_kind = isinstance(item, record_kinds.RecordKind)
            table = registry.kinds if is_kind else registry.measures
            assert item.key not in table, f"{item.key!r} is registered by an app: pick another key"
            (record_kinds.register_kind if is_kind else record_kinds.register_measure)(item)
            added.append((table, item.key))
        yield items
    finally:
        for table, key in added:
            table.pop(key, None)
