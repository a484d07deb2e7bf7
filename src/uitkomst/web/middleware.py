"""Pages answer a refusal of the authorization policy with 403.

A service or selector that refuses (``NotAllowed``, e.g. ``accounts.policy.vereis``) and that the
view does not turn into a form message becomes the site's 403 page (``web/views.geen_toegang``: the
layout, the user's language, where to go) with the policy's Dutch message. The API maps the same
error to problem+json itself (``api/errors.py``), so API paths are left alone.
"""

from __future__ import annotations

from uitkomst.utils.errors import NotAllowed


class NotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotAllowed) and not request.path.startswith("/api/"):
            from .views import geen_toegang

            return geen_toegang(request, exception)
        return None
