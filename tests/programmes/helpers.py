"""Fixtures of the programme tests: a complete draft programme typed in through the services."""

from decimal import Decimal

from django_scopes import scope

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
            data={"name": "Liczba działań", "unit": "szt.", "baseline": Decimal(0), "target": Decimal(3), "goal": first},
        )
    return programme
