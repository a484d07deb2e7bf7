"""Two-factor login (TOTP, django-otp) for staff roles (docs/security.md, "Two-factor login").

The roles in ``UITKOMST_OTP_ROLLEN`` (default: beheerder and privacy officer) log in in two steps:
the password (the login page, with its lock-out), then a six-digit code from an authenticator app
(RFC 6238, 30-second steps, one step of clock drift either way; a code counts once). The first time,
the user enrols: the page shows the key as text and as an ``otpauth://`` URI, and the first correct
code confirms the device. Until the second step is done such a session reaches no page (it is sent
to the verification) and no API call (401 ``tweestaps_vereist``). A lost phone: the administrator
deletes the user's TOTP device in the admin, and the user enrols again at the next login. Wrong codes
slow down (django-otp doubles the wait after each failure).
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

# Paths an authenticated but not yet verified session may still open.
VRIJ = ("/inloggen", "/uitloggen", "/static/", "/i18n/", "/oauth/", "/beheer/logout/", "/favicon")
APPARAAT_NAAM = "Authenticator-app"


def tweestaps_nodig(user) -> bool:
    """Does this user's role log in in two steps?"""
    if user is None or not user.is_authenticated or not getattr(user, "rol_id", None):
        return False
    return user.rol.code in settings.UITKOMST_OTP_ROLLEN


def is_geverifieerd(user) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def bevestigd_apparaat(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def inschrijving_apparaat(user) -> TOTPDevice:
    """The unconfirmed device an enrolment shows (made once, kept until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APPARAAT_NAAM, confirmed=False)
    return device


def sleutel_tekst(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def apparaat_voor_gebruiker(user) -> tuple[TOTPDevice, bool]:
    """A confirmed device for ``user``, made if there is none (``True`` when new). For the demo users
    command: it prints the key, so the demo's beheerder and privacy officer can log in at once."""
    device = bevestigd_apparaat(user)
    if device is not None:
        return device, False
    return TOTPDevice.objects.create(user=user, name=APPARAAT_NAAM, confirmed=True), True


def controleer(request, device: TOTPDevice, code: str) -> bool:
    """Check a code against ``device``; on success the session counts as verified (and an enrolment's
    device as confirmed)."""
    code = "".join((code or "").split())
    if not code.isdigit() or len(code) != device.digits or not device.verify_token(code):
        return False
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).exclude(pk=device.pk).delete()
    otp_login(request, device)
    return True


def wacht_seconden(device: TOTPDevice) -> int:
    """Seconds before the next attempt is allowed after wrong codes (0: now)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data:
        return 0
    locked_until = data.get("locked_until")
    if locked_until is None:
        return 0
    return max(1, int((locked_until - timezone.now()).total_seconds()))


class TweestapsMiddleware:
    """Sends a session of a two-factor role that has done only the password step to the verification
    (or, the first time, the enrolment); on the API such a session authenticates no one
    (``api/authenticatie.SessieAuthenticatie``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(VRIJ) or not settings.UITKOMST_OTP_ROLLEN:
            return self.get_response(request)
        user = getattr(request, "user", None)
        if not tweestaps_nodig(user) or is_geverifieerd(user):
            return self.get_response(request)
        if path.startswith("/api/"):
            request.tweestaps_ontbreekt = True
            return self.get_response(request)
        return redirect(f"{reverse('accounts:verificatie')}?{urlencode({'next': request.get_full_path()})}")
