import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from uitkomst.utils.errors import NotAllowed

from . import selectors


@login_required
def inzage_list(request):
    client = None
    if value := request.GET.get("client"):
        try:
            client = uuid.UUID(value)
        except ValueError:
            client = uuid.UUID(int=0)  # matches nothing
    try:
        qs = selectors.inzage_list(
            user=request.user, client_uuid=client, gebruikersnaam=request.GET.get("gebruiker") or None
        )
    except NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    page = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    return render(request, "audit/inzage_list.html", {"pagina": page, "filters": request.GET})
