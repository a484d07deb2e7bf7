from django.apps import AppConfig


class DeclaratiesConfig(AppConfig):
    name = "uitkomst.declaraties"
    verbose_name = "Declaraties en betaalrondes"
