from django.apps import AppConfig


class SturingConfig(AppConfig):
    name = "uitkomst.sturing"
    verbose_name = "Sturing (budgetten, signalen, rapportages)"
