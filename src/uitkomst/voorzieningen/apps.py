from django.apps import AppConfig


class VoorzieningenConfig(AppConfig):
    name = "uitkomst.voorzieningen"
    verbose_name = "Algemene voorzieningen"
