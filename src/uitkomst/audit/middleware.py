"""Audit of the admin (``/beheer/``): every change list and change form that shows rows with client data
writes an audit row, without a hook in each ModelAdmin.

The admin answers with a ``TemplateResponse`` whose context holds the rows it shows (``cl.result_list``
on a change list, ``original`` on a change form); before it is rendered, the rows that are clients or
lead to one (the model's ``client`` / ``clienten`` field) are logged with channel ``beheer``.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.admin.views.main import ChangeList

from .models import Inzage
from .services import audit_request, clienten_van

ADMIN = "/beheer/"


def _pad(model) -> str | None:
    if model._meta.label_lower == "toegang.client":
        return ""
    names = {f.name for f in model._meta.get_fields()}
    if "client" in names:
        return "client__"
    if "clienten" in names:
        return "clienten__"
    return None


class AdminInzageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        if not request.path.startswith(ADMIN) or request.method != "GET" or response.status_code != 200:
            return response
        context = response.context_data or {}
        cl = context.get("cl")
        if isinstance(cl, ChangeList):
            rijen, wat = list(cl.result_list), f"beheer: lijst {cl.model._meta.verbose_name_plural}"
        elif context.get("original") is not None:
            rijen, wat = [context["original"]], f"beheer: {context['original']._meta.verbose_name}"
        else:
            return response
        if rijen and isinstance(rijen[0], Inzage):  # the audit log's own rows name clients too
            gelezen = [SimpleNamespace(uuid=r.client_uuid, gemeente_id=r.gemeente_id) for r in rijen]
            audit_request(request, gelezen, wat=wat, kanaal=Inzage.Kanaal.BEHEER, doel=Inzage.Doel.PRIVACY)
        elif rijen and (pad := _pad(type(rijen[0]))) is not None:
            audit_request(
                request,
                clienten_van(rijen, pad),
                wat=wat,
                kanaal=Inzage.Kanaal.BEHEER,
                objecttype=type(rijen[0])._meta.model_name,
            )
        return response
