"""``{% tariefontwerp_links %}``: the tariff-design and simulation pages a user may open, as list items,
for the pages the contract manager and the policy adviser already use (the steering index)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from uitkomst.accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def tariefontwerp_links(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    links = []
    if policy.mag(user, "tariefontwerp.lezen"):
        links.append((reverse("tariefontwerp:ontwerp"), _("Tariefontwerp uit de eigen historie")))
        links.append((reverse("tariefontwerp:herziening"), _("Tariefontwerp: herziening na een jaar")))
    if policy.mag(user, "tariefontwerp.beheren"):
        links.append((reverse("tariefontwerp:import"), _("Tariefontwerp: historie importeren")))
    if policy.mag(user, "simulatie.lezen"):
        links.append((reverse("simulatie:simulatie"), _("Simulatie bekostigingsvormen")))
    return format_html_join("", '<li><a href="{}">{}</a></li>', links) if links else format_html("")
