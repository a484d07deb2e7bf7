from django.apps import AppConfig


class BerichtenConfig(AppConfig):
    name = "uitkomst.berichten"
    verbose_name = "Berichten (iJw/iWmo 3.2)"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers that write outgoing messages
