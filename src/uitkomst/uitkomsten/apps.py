from django.apps import AppConfig


class UitkomstenConfig(AppConfig):
    name = "uitkomst.uitkomsten"
    verbose_name = "Uitkomsten (outcome per traject)"
