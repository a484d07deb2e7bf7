from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "uitkomst.demo"
    verbose_name = "Demo"
