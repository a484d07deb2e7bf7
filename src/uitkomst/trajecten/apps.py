from django.apps import AppConfig


class TrajectenConfig(AppConfig):
    name = "uitkomst.trajecten"
    verbose_name = "Toewijzingen en trajecten"
