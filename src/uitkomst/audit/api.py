"""The audit hook of every API viewset that returns personal data.

``AuditLeesMixin`` logs, through ``services.audit_request``, each page of a list (``paginate_queryset``)
and each object fetched on a read (``get_object`` on GET/HEAD). A viewset that fetches its object in
another way calls ``self.audit_lezen(objs)`` itself. The clients behind the rows are found in one query
along ``audit_pad`` (derived from the model: a client itself, a ``client`` foreign key, ``clienten``).
``tests/security/test_audit_paths.py`` walks every GET operation of the schema and fails on one that
returns client data without an audit row.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS

from . import services


class AuditLeesMixin:
    audit_wat: str = ""  # what the response shows, in Dutch ("trajecten: cliënt, product, status")
    audit_pad: str | None = None  # field path to the client; None: from the model
    audit_soort: str = ""  # the kind of row, for the log (default: the model name)
    audit_lijst: bool = True  # False: the list shows no client data (the audit test's allowlist checks it)

    def _audit_pad(self, model) -> str:
        if self.audit_pad is not None:
            return self.audit_pad
        if model._meta.label_lower == "toegang.client":
            return ""
        names = {f.name for f in model._meta.get_fields()}
        if "client" in names:
            return "client__"
        if "clienten" in names:
            return "clienten__"
        raise TypeError(f"{type(self).__name__}: set audit_pad, the path from {model.__name__} to its client")

    def audit_bsn_getoond(self) -> bool:
        """Whether this response shows a full BSN (the audit row marks it)."""
        return False

    def audit_lezen(self, objs) -> int:
        objs = [o for o in objs if o is not None]
        if not objs or self.request.method not in SAFE_METHODS:
            return 0
        model = type(objs[0])
        soort = self.audit_soort or model._meta.model_name
        return services.audit_request(
            self.request,
            services.clienten_van(objs, self._audit_pad(model)),
            wat=self.audit_wat or f"{model._meta.verbose_name_plural}",
            objecttype=soort,
            bsn_getoond=self.audit_bsn_getoond(),
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.audit_lijst:
            self.audit_lezen(list(page))
        return page

    def get_object(self):
        obj = super().get_object()
        self.audit_lezen([obj])
        return obj
