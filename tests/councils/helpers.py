"""Fixtures of the councils tests: a Public Benefit Council with a balanced composition."""

import datetime as dt

from django.utils import timezone
from django_scopes import scope

from pozytek.councils.services import bodies
from pozytek.councils.states import BodyKind, MemberRole, MemberSide
from tests.factories.organisations import OrganisationFactory


def term() -> tuple[dt.date, dt.date]:
    start = timezone.localdate() - dt.timedelta(days=30)
    return start, start + dt.timedelta(days=3 * 365)


def make_body(tenant, official, *, kind=BodyKind.PUBLIC_BENEFIT_COUNCIL, name="Rada Działalności Pożytku Publicznego"):
    start, end = term()
    with scope(tenant=tenant):
        return bodies.create_body(tenant=tenant, actor=official, kind=kind, name=name, term_start=start, term_end=end)


def balanced_council(tenant, official, *, ngo=2, others=2, activate=True, secretary_user=None):
    """A council with `ngo` organisation members (the first is chair) and `others` office members
    (the first is secretary, linked to `secretary_user` when given)."""
    body = make_body(tenant, official)
    with scope(tenant=tenant):
        for n in range(ngo):
            bodies.add_member(
                body=body,
                actor=official,
                full_name=f"Anna Organizacyjna {n}",
                email=f"ngo{n}@example.org",
                side=MemberSide.NGO,
                organisation=OrganisationFactory(listed_in=tenant),
                role=MemberRole.CHAIR if n == 0 else MemberRole.MEMBER,
            )
        for n in range(others):
            bodies.add_member(
                body=body,
                actor=official,
                full_name=f"Jan Urzędowy {n}",
                email=f"office{n}@example.org",
                side=MemberSide.EXECUTIVE,
                role=MemberRole.SECRETARY if n == 0 else MemberRole.MEMBER,
                user=secretary_user if n == 0 else None,
            )
        if activate:
            body = bodies.activate_body(body=body, actor=official)
    return body
