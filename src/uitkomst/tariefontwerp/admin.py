from django.contrib import admin

from .models import Historie, Ontwerp, Productkoppeling


@admin.register(Historie)
class HistorieAdmin(admin.ModelAdmin):
    list_display = ["naam", "regio", "referentiejaar", "bron", "is_synthetisch"]
    readonly_fields = [f.name for f in Historie._meta.fields]

    def has_add_permission(self, request):
        return False  # histories come from the demo or an import (services), never typed in


@admin.register(Productkoppeling)
class ProductkoppelingAdmin(admin.ModelAdmin):
    list_display = ["product_code", "historie", "profiel", "intensiteit", "bron"]
    list_filter = ["bron"]
    readonly_fields = [f.name for f in Productkoppeling._meta.fields]

    def has_add_permission(self, request):
        return False  # changed on the mapping page through tariefontwerp.services


@admin.register(Ontwerp)
class OntwerpAdmin(admin.ModelAdmin):
    list_display = ["uuid", "historie", "regel", "ingangsdatum", "aangemaakt_op"]
    readonly_fields = ["historie", "inkoopmodel", "regel", "parameters", "ingangsdatum", "aangemaakt_door"]
    exclude = ["resultaat", "concepttarieven"]

    def has_add_permission(self, request):
        return False
