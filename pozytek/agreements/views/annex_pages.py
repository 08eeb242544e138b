"""What the organisation's and the office's annex pages share: the before → after comparison of an
annex and the approved annex (any other gives 404). The pages: member_annexes.py, office_annexes.py."""

from typing import Any

from django.http import Http404

from pozytek.agreements.documents_annexes import source_label
from pozytek.agreements.models import Annex
from pozytek.agreements.selectors_annexes import (
    compare,
    terms_before_and_after,
)
from pozytek.agreements.states import AnnexState

PERMISSION = "agreements.manage_agreements"
DETAIL_TEMPLATE = "agreements/annex_detail.html"
FORM_TEMPLATE = "agreements/annex_form.html"


def comparison_context(annex: Annex) -> dict[str, Any]:
    before, after = terms_before_and_after(annex)
    comparison = compare(before, after)
    deadlines = (annex.snapshot or {}).get("deadlines") or {}
    return {
        "annex": annex,
        "agreement": annex.agreement,
        "comparison": comparison,
        "sources": [(source_label(key), a, b) for key, a, b in comparison.sources],
        "deadlines_before": deadlines.get("before") or {},
        "deadlines_after": deadlines.get("after") or {},
    }


def approved_or_404(annex: Annex) -> Annex:
    if annex.state != AnnexState.APPROVED or not annex.snapshot:
        raise Http404
    return annex
