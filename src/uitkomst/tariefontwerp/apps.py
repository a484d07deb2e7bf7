from django.apps import AppConfig


class TariefontwerpConfig(AppConfig):
    name = "uitkomst.tariefontwerp"
    verbose_name = "Tariefontwerp"
