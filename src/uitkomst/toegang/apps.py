from django.apps import AppConfig


class ToegangConfig(AppConfig):
    name = "uitkomst.toegang"
    verbose_name = "Toegang"
