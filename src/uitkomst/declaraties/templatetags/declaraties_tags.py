"""Invoice-side facts for pages of the apps below ``declaraties`` (``trajecten`` may not import us, so
its templates ask here): the P×Q budget of an assignment."""

from __future__ import annotations

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def pxq_budget_van(user, toewijzing):
    """``selectors.pxq_budget`` for a template: None for anonymous users and other funding forms."""
    if toewijzing is None or not getattr(user, "is_authenticated", False):
        return None
    return selectors.pxq_budget(user=user, toewijzing=toewijzing)
