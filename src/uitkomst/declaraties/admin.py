from django.contrib import admin

from .models import (
    Beeindigingsregel,
    Betaalronde,
    Betaalspecificatie,
    Declaratie,
    Declaratieregel,
    Lumpsumafspraak,
    Volumeafspraak,
)


@admin.register(Beeindigingsregel)
class BeeindigingsregelAdmin(admin.ModelAdmin):
    list_display = ["betaalschema", "regel", "aandeel"]


@admin.register(Volumeafspraak)
class VolumeafspraakAdmin(admin.ModelAdmin):
    list_display = ["toewijzing", "volume", "vastgelegd_op"]
    raw_id_fields = ["toewijzing"]


@admin.register(Lumpsumafspraak)
class LumpsumafspraakAdmin(admin.ModelAdmin):
    list_display = ["nummer", "aanbieder", "gemeente", "product", "jaarbedrag", "geldig_van", "geldig_tot"]


class AlleenLezen(admin.ModelAdmin):
    """Invoices and payment runs change only through the services (never edited in place)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Declaratie)
class DeclaratieAdmin(AlleenLezen):
    list_display = ["nummer", "aanbieder", "begindatum", "einddatum", "totaal_toegekend", "totaal_afgewezen"]
    list_filter = ["bron"]
    search_fields = ["nummer"]


@admin.register(Declaratieregel)
class DeclaratieregelAdmin(AlleenLezen):
    list_display = ["declaratie", "regelnummer", "toewijzing", "bekostiging", "termijn", "bedrag", "status"]
    list_filter = ["status", "bekostiging"]
    raw_id_fields = ["declaratie", "toewijzing", "crediteert", "client"]


@admin.register(Betaalronde)
class BetaalrondeAdmin(AlleenLezen):
    list_display = ["nummer", "gemeente", "totaal", "aantal_regels", "aangemaakt_op"]


@admin.register(Betaalspecificatie)
class BetaalspecificatieAdmin(AlleenLezen):
    list_display = ["betaalronde", "aanbieder", "debet", "credit", "totaal"]
