from django.apps import AppConfig


class CatalogusConfig(AppConfig):
    name = "uitkomst.catalogus"
    verbose_name = "Catalogus (inkoopmodellen)"
