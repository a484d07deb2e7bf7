"""Shared test helper for two-factor login (accounts/tweestaps.py): log a user in as a person would,
password step first, then a real TOTP code from the user's device through the verification page.

Use ``inloggen(client, user)`` instead of ``client.force_login(user)`` for a user whose role logs in in
two steps (``UITKOMST_OTP_ROLLEN``: beheerder and privacy officer by default); for other roles it is
``force_login`` alone. ``verifieer(client, user)`` does only the second step (after ``client.login``).
"""

from __future__ import annotations

import time

from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from uitkomst.accounts.tweestaps import apparaat_voor_gebruiker, tweestaps_nodig


def code_voor(device: TOTPDevice) -> str | None:
    """The code an authenticator app would show now, never one the device has already accepted (a code
    counts once); None when the next unused code lies outside the device's tolerance window."""
    nu = int((time.time() - device.t0) // device.step) + device.drift
    t = max(nu, device.last_t + 1)
    if t > nu + device.tolerance:
        return None
    return str(hotp(device.bin_key, t, device.digits)).zfill(device.digits)


def verifieer(client, user, *, next: str = "/") -> None:
    device, _ = apparaat_voor_gebruiker(user)
    code = code_voor(device)
    if code is None:  # this test logged in more often than once per 30 s: a fresh device
        TOTPDevice.objects.filter(user=user).delete()
        device, _ = apparaat_voor_gebruiker(user)
        code = code_voor(device)
    response = client.post("/inloggen/verificatie", {"code": code, "next": next})
    assert response.status_code == 302, f"TOTP verification failed for {user.username}: {response.status_code}"


def inloggen(client, user) -> None:
    client.force_login(user)
    if tweestaps_nodig(user):
        verifieer(client, user)
