"""Admin for invoicing, scoped by the policy. The agreements the invoice rules read (early-ending rule,
P×Q volume, lump sums) are made through ``declaraties.services``; invoices, lines and payment runs
change only through the services (never edited in place) and are read-only here."""

from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin, ServiceAdmin

from . import services
from .models import (
    Beeindigingsregel,
    Betaalronde,
    Betaalspecificatie,
    Declaratie,
    Declaratieregel,
    Lumpsumafspraak,
    Volumeafspraak,
)

LEZEN = "declaraties.lezen"


@admin.register(Beeindigingsregel)
class BeeindigingsregelAdmin(ServiceAdmin):
    list_display = ["betaalschema", "regel", "aandeel"]
    fields = ["betaalschema", "regel", "aandeel"]
    regio_pad = "betaalschema__inkoopmodel__regio_id"
    aanmaak_actie = wijzig_actie = "catalogus.beeindigingsregel_vastleggen"

    def get_readonly_fields(self, request, obj=None):
        return ["betaalschema"] if obj else []

    def _opslaan(self, request, obj):
        return services.beeindigingsregel_vastleggen(
            betaalschema=obj.betaalschema, regel=obj.regel, aandeel=obj.aandeel, door=request.user
        )

    def dienst_aanmaken(self, request, obj, form):
        return self._opslaan(request, obj)

    def dienst_wijzigen(self, request, obj, form):
        return self._opslaan(request, obj)


@admin.register(Volumeafspraak)
class VolumeafspraakAdmin(ServiceAdmin):
    list_display = ["toewijzing", "volume", "vastgelegd_op"]
    fields = ["toewijzing", "volume"]
    raw_id_fields = ["toewijzing"]
    rijen_soort, rijen_via = "toewijzing", "toewijzing__"
    lees_actie = "trajecten.lezen"
    aanmaak_actie = wijzig_actie = "declaraties.volume_vastleggen"

    def beleid_object(self, obj):
        return obj.toewijzing

    def get_readonly_fields(self, request, obj=None):
        return ["toewijzing"] if obj else []

    def _opslaan(self, request, obj):
        return services.volume_vastleggen(toewijzing=obj.toewijzing, volume=obj.volume, door=request.user)

    def dienst_aanmaken(self, request, obj, form):
        return self._opslaan(request, obj)

    def dienst_wijzigen(self, request, obj, form):
        return self._opslaan(request, obj)


@admin.register(Lumpsumafspraak)
class LumpsumafspraakAdmin(ServiceAdmin):
    """A new agreement through ``lumpsumafspraak_maken``; an existing one is read-only (its installments
    may have been paid)."""

    list_display = ["nummer", "aanbieder", "gemeente", "product", "jaarbedrag", "geldig_van", "geldig_tot"]
    fields = ["aanbieder", "gemeente", "product", "jaarbedrag", "geldig_van", "omschrijving", "is_synthetisch"]
    rijen_soort = "declaratieregel"  # the same fields and the same readers as an invoice line
    lees_actie = LEZEN
    aanmaak_actie = "declaraties.lumpsum_afspreken"

    def dienst_aanmaken(self, request, obj, form):
        return services.lumpsumafspraak_maken(
            aanbieder=obj.aanbieder, gemeente=obj.gemeente, product=obj.product, jaarbedrag=obj.jaarbedrag,
            geldig_van=obj.geldig_van, omschrijving=obj.omschrijving, is_synthetisch=obj.is_synthetisch,
            door=request.user,
        )  # fmt: skip


@admin.register(Declaratie)
class DeclaratieAdmin(AlleenLezenAdmin):
    list_display = ["nummer", "aanbieder", "begindatum", "einddatum", "totaal_toegekend", "totaal_afgewezen"]
    list_filter = ["bron"]
    search_fields = ["nummer"]
    rijen_soort = "declaratie"
    lees_actie = LEZEN


@admin.register(Declaratieregel)
class DeclaratieregelAdmin(AlleenLezenAdmin):
    list_display = ["declaratie", "regelnummer", "toewijzing", "bekostiging", "termijn", "bedrag", "status"]
    list_filter = ["status", "bekostiging"]
    raw_id_fields = ["declaratie", "toewijzing", "crediteert", "client"]
    rijen_soort = "declaratieregel"
    lees_actie = LEZEN


@admin.register(Betaalronde)
class BetaalrondeAdmin(AlleenLezenAdmin):
    list_display = ["nummer", "gemeente", "totaal", "aantal_regels", "aangemaakt_op"]
    rijen_soort = "betaalronde"
    rijen_distinct = True  # a provider sees a run through its statements
    lees_actie = "declaraties.betaalronde_lezen"


@admin.register(Betaalspecificatie)
class BetaalspecificatieAdmin(AlleenLezenAdmin):
    list_display = ["betaalronde", "aanbieder", "debet", "credit", "totaal"]
    rijen_soort = "betaalspecificatie"
    lees_actie = "declaraties.betaalronde_lezen"
