from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisatiesConfig(AppConfig):
    name = "uitkomst.organisaties"
    verbose_name = "Organisaties"

    def ready(self) -> None:
        post_migrate.connect(_load_after_migrate, sender=self, dispatch_uid="organisaties-regios")


def _load_after_migrate(sender, **kwargs):
    from .services import load_reference_regions

    load_reference_regions(using=kwargs.get("using", "default"))
