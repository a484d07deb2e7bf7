"""Template tags of collective provisions.

``{% voorliggend_aanbod verwijzing %}`` shows the access worker, on a referral or plan page, the open
collective provisions of the resident's municipality (under the referral's law) as the first option,
before an individual provision, each with a button that records a referral as a count (no BSN).
Renders nothing for a user who may not refer for that municipality.

``{{ objecten|keuzes:"wijk" }}`` turns rows into (uuid, label) pairs for a select on the manager's form.
"""

from django import template

from uitkomst.accounts import policy

from .. import selectors
from ..models import AlgemeneVoorziening

register = template.Library()


@register.inclusion_tag("voorzieningen/_voorliggend.html", takes_context=True)
def voorliggend_aanbod(context, verwijzing_of_plan, wijk=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    gemeente = getattr(verwijzing_of_plan, "gemeente", None)
    zichtbaar = gemeente is not None and policy.mag(user, "voorzieningen.verwijzen",
                                                    AlgemeneVoorziening(gemeente=gemeente))  # fmt: skip
    aanbod = []
    if zichtbaar:
        inkoopmodel = getattr(verwijzing_of_plan, "inkoopmodel", None)
        aanbod = selectors.voorliggend_aanbod(user=user, gemeente=gemeente, wijk=wijk,
                                              wet=getattr(inkoopmodel, "wet", None))  # fmt: skip
    return {"zichtbaar": zichtbaar, "aanbod": aanbod, "gemeente": gemeente,
            "terug": request.get_full_path() if request else "", "csrf_token": context.get("csrf_token")}  # fmt: skip


@register.filter
def keuzes(objecten, soort: str) -> list[tuple[str, str]]:
    if soort == "wijk":
        return [(str(o.uuid), f"{o.naam} ({o.gemeente.naam})") for o in objecten]
    if soort == "verlening":
        return [(str(o.uuid), f"{o.aanbieder.naam} – {o.regeling.naam} {o.jaar}") for o in objecten]
    return [(str(o.uuid), str(o)) for o in objecten]
