"""`{% agreement_annexes agreement as annexes %}`: the agreement's annexes for its office and member pages
(read through `selectors_annexes.annexes_of`, explicit agreement filter, so it works on platform pages too)."""

from django import template

from pozytek.agreements.models import Agreement, Annex
from pozytek.agreements.selectors_annexes import annexes_of

register = template.Library()


@register.simple_tag
def agreement_annexes(agreement: Agreement) -> list[Annex]:
    return annexes_of(agreement)
