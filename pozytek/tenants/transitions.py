"""The lifecycle of a local government on the platform, registered with `Tenant` in the app's `ready()`."""

from django.utils.translation import gettext_lazy as _

from pozytek.core.workflow import Problem, Transition, refuses
from pozytek.tenants.states import TenantState


@refuses(_("Only a platform administrator can do this."))
def is_platform_admin(actor: object, _tenant: object) -> bool:
    return bool(getattr(actor, "is_active", False) and getattr(actor, "is_superuser", False))


def publication_problems(tenant: object) -> list[Problem]:
    """A municipality goes public only with the contact data its home page shows."""
    problems = []
    for field, message in (
        ("office_name", _("Enter the name of the office.")),
        ("address", _("Enter the address of the office.")),
    ):
        if not getattr(tenant, field, ""):
            problems.append(Problem(message=str(message), section=field))
    return problems


TRANSITIONS = (
    Transition(
        "publish",
        TenantState.DRAFT,
        TenantState.PUBLISHED,
        may=is_platform_admin,
        check=publication_problems,
        label=_("Publish"),
    ),
    Transition("suspend", TenantState.PUBLISHED, TenantState.SUSPENDED, may=is_platform_admin, label=_("Suspend")),
    Transition(
        "resume",
        TenantState.SUSPENDED,
        TenantState.PUBLISHED,
        may=is_platform_admin,
        check=publication_problems,
        label=_("Resume"),
    ),
)
