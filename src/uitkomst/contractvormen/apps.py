from django.apps import AppConfig


class ContractvormenConfig(AppConfig):
    name = "uitkomst.contractvormen"
    verbose_name = "Contractvormen"
    default_auto_field = "django.db.models.BigAutoField"
