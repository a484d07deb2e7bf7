from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "uitkomst.accounts"
    verbose_name = "Gebruikers en rollen"

    def ready(self) -> None:
        post_migrate.connect(_load_after_migrate, sender=self, dispatch_uid="accounts-rollen")


def _load_after_migrate(sender, **kwargs):
    from .services import load_roles

    load_roles(using=kwargs.get("using", "default"))
