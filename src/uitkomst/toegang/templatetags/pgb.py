"""``{% pgb_links client %}`` and ``{% pgb_links client plan=plan %}``: the links to a client's (or a
plan's) pgb decisions and to the pgb form, for the access worker who may use them.

Shows no personal data (only links with the client's or plan's uuid), so it reads nothing that must be
audit-logged; the pages behind the links log their reads."""

from django import template

from uitkomst.accounts import policy

register = template.Library()


@register.inclusion_tag("toegang/_pgb_links.html", takes_context=True)
def pgb_links(context, client, plan=None) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    obj = plan if plan is not None else client
    return {
        "client": client,
        "plan": plan,
        "kan_lezen": user is not None and policy.mag(user, "toegang.pgb_lezen", obj),
        "kan_aanvragen": user is not None and policy.mag(user, "toegang.pgb_aanvragen", obj),
    }
