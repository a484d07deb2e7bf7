from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "uitkomst.api"
    verbose_name = "API"
