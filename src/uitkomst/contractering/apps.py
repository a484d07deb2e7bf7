from django.apps import AppConfig


class ContracteringConfig(AppConfig):
    name = "uitkomst.contractering"
    verbose_name = "Contractering"
