"""The second login step (TOTP) and its enrolment (accounts/tweestaps.py). Thin: the checks live there."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from uitkomst.utils.terug import veilige_terug

from . import tweestaps


def _verder(request: HttpRequest) -> str:
    return veilige_terug(request, request.POST.get("next") or request.GET.get("next"), "/")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verificatie(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not tweestaps.tweestaps_nodig(user) or tweestaps.is_geverifieerd(user):
        return redirect(_verder(request))
    device = tweestaps.bevestigd_apparaat(user)
    if device is None:
        return redirect(f"/inloggen/tweestaps?next={_verder(request)}")
    fout, status = "", 200
    if request.method == "POST":
        if wacht := tweestaps.wacht_seconden(device):
            fout = _("Te veel foute codes. Probeer het over %(n)s seconden opnieuw.") % {"n": wacht}
            status = 429
        elif tweestaps.controleer(request, device, request.POST.get("code", "")):
            return redirect(_verder(request))
        else:
            fout, status = _("Deze code klopt niet of is al gebruikt. Neem de code die de app nu toont."), 400
    context = {"fout": fout, "next": _verder(request)}
    return render(request, "accounts/verificatie.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def inschrijven(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not tweestaps.tweestaps_nodig(user) or tweestaps.bevestigd_apparaat(user) is not None:
        return redirect(f"/inloggen/verificatie?next={_verder(request)}")
    device = tweestaps.inschrijving_apparaat(user)
    fout, status = "", 200
    if request.method == "POST":
        if tweestaps.controleer(request, device, request.POST.get("code", "")):
            return redirect(_verder(request))
        fout, status = _("Deze code klopt niet. Controleer de sleutel in de app en neem de code die hij nu toont."), 400
    context = {
        "fout": fout,
        "next": _verder(request),
        "sleutel": tweestaps.sleutel_tekst(device),
        "uri": device.config_url,
    }
    return render(request, "accounts/inschrijven.html", context, status=status)
