from django.apps import AppConfig


class SignalenConfig(AppConfig):
    name = "uitkomst.signalen"
    verbose_name = "Signalen (één signalencentrum)"
