import pytest
from django_scopes import scopes_disabled
from pozytek.offers import completeness, services
from tests.factories.competitions import PublishedCallFactory
from tests.factories.offers import complete_offer

pytestmark = pytest.mark.django_db

def test_smoke(tenant):
    call = PublishedCallFactory(tenant=tenant)
    offer, actor = complete_offer(call, joint=True)
    with scopes_disabled():
        print(completeness.problems(offer))
        v = services.submit_offer(offer=offer, actor=actor)
        v2 = services.submit_offer(offer=offer, actor=actor)
        assert v.pk == v2.pk
        print(v.checksum, v.snapshot["costs"]["total"], v.snapshot["split"])
