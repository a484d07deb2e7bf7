from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "uitkomst.web"
    verbose_name = "Web"
