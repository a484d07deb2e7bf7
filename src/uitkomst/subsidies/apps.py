from django.apps import AppConfig


class SubsidiesConfig(AppConfig):
    name = "uitkomst.subsidies"
    verbose_name = "Subsidies"
