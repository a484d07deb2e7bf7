from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "uitkomst.audit"
    verbose_name = "Auditlog"
