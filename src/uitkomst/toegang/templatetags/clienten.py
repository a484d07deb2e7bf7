"""``{{ client|client_ref }}``: the pseudonymous client reference (``C-7Q3K9PX2``) in any template.

It shows nothing personal, so it needs no user: BSN and date of birth come only from
``toegang.selectors.client_kenmerken``, which asks the policy (``toegang.bsn_inzien``)."""

from django import template

from uitkomst.audit.referentie import client_referentie

register = template.Library()


@register.filter
def client_ref(client) -> str:
    return client_referentie(client.uuid) if client is not None else "—"
