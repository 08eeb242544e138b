"""What the demo puts together across apps once each app's own demo is loaded."""

from django.utils import timezone
from django_scopes import scope

from pozytek.accounts.models import STAFF_ROLES, Membership
from pozytek.competitions.models import Call
from pozytek.competitions.services import set_priority_task
from pozytek.competitions.states import CallState
from pozytek.programmes.selectors import priority_tasks_for
from pozytek.tenants.models import Tenant


def link_demo_calls_to_priority_tasks() -> None:
    """The demo's calls are published before the programmes exist (the apps load in layer order): each
    call past its draft (not cancelled) without a priority task gets the first task of its year in one of its spheres,
    set by an official of its municipality through the competitions' service; idempotent."""
    for tenant in Tenant.objects.all():
        official = Membership.objects.filter(tenant=tenant, role__in=STAFF_ROLES).select_related("user").first()
        if official is None:
            continue
        with scope(tenant=tenant):
            calls = Call.objects.filter(
                tenant=tenant, state__in=[CallState.PUBLISHED, CallState.CLOSED, CallState.RESOLVED], priority_task=None
            ).prefetch_related("spheres")
            for call in calls:
                year = timezone.localtime(call.published_at).year if call.published_at else timezone.localdate().year
                spheres = {sphere.pk for sphere in call.spheres.all()}
                task = next((t for t in priority_tasks_for(tenant, year) if t.sphere_id in spheres), None)
                if task is not None:
                    set_priority_task(call=call, actor=official.user, task=task)
