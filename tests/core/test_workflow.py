"""The workflow engine, walked over the tenant publication table."""

import pytest
from django.core.exceptions import PermissionDenied

from pozytek.core.models import AuditEvent
from pozytek.core.workflow import Transition, TransitionBlocked, TransitionNotAllowed, apply_transition
from pozytek.tenants.states import TRANSITIONS, TenantState
from tests.factories.accounts import UserFactory
from tests.factories.tenants import TenantFactory

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(("transition"), TRANSITIONS, ids=lambda t: f"{t.source}-{t.action}")
def test_transition_allowed_for_platform_admin_moves_state_and_audits(transition, platform_admin):
    tenant = TenantFactory(state=transition.source)

    result = apply_transition(tenant, transition.action, actor=platform_admin, transitions=TRANSITIONS, reason="test")

    result.refresh_from_db()
    assert result.state == transition.target
    assert result.state_changed_at is not None
    event = AuditEvent.objects.get(subject_type="tenants.tenant", subject_id=str(tenant.pk))
    assert event.action == f"tenant.{transition.action}"
    assert event.actor == platform_admin
    assert event.data == {"from": transition.source, "to": transition.target, "reason": "test"}


@pytest.mark.parametrize(("transition"), TRANSITIONS, ids=lambda t: f"{t.source}-{t.action}")
def test_transition_forbidden_for_other_users_changes_nothing(transition, db):
    tenant = TenantFactory(state=transition.source)
    outsider = UserFactory()

    with pytest.raises(PermissionDenied):
        apply_transition(tenant, transition.action, actor=outsider, transitions=TRANSITIONS)

    tenant.refresh_from_db()
    assert tenant.state == transition.source
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("action", ["publish", "resume"])
def test_transition_blocked_by_guard_lists_problems_by_section(action, platform_admin):
    source = TenantState.DRAFT if action == "publish" else TenantState.SUSPENDED
    tenant = TenantFactory(state=source, address="", office_name="")

    with pytest.raises(TransitionBlocked) as excinfo:
        apply_transition(tenant, action, actor=platform_admin, transitions=TRANSITIONS)

    assert [p.section for p in excinfo.value.problems] == ["office_name", "address"]
    tenant.refresh_from_db()
    assert tenant.state == source


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (TenantState.PUBLISHED, "publish"),
        (TenantState.DRAFT, "suspend"),
        (TenantState.PUBLISHED, "resume"),
        (TenantState.DRAFT, "no-such-action"),
    ],
)
def test_transition_from_wrong_state_is_not_allowed(state, action, platform_admin):
    tenant = TenantFactory(state=state)

    with pytest.raises(TransitionNotAllowed):
        apply_transition(tenant, action, actor=platform_admin, transitions=TRANSITIONS)


def test_transition_side_effect_runs_only_after_commit(platform_admin, django_capture_on_commit_callbacks):
    calls = []
    table = (
        Transition(
            "publish",
            TenantState.DRAFT,
            TenantState.PUBLISHED,
            after_commit=(lambda obj, actor: calls.append((obj.pk, actor.pk)),),
        ),
    )
    tenant = TenantFactory(state=TenantState.DRAFT)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        apply_transition(tenant, "publish", actor=platform_admin, transitions=table)
        assert calls == []

    assert len(callbacks) == 1
    assert calls == [(tenant.pk, platform_admin.pk)]


def test_state_is_assigned_only_by_the_workflow_engine():
    """House rule 4: no `obj.state = …` outside core/workflow.py."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "pozytek"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "workflow.py" and "migrations" not in path.parts and ".state = " in path.read_text()
    ]
    assert offenders == []
