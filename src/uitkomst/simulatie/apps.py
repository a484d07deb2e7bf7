from django.apps import AppConfig


class SimulatieConfig(AppConfig):
    name = "uitkomst.simulatie"
    verbose_name = "Simulatie van bekostigingsvormen"
