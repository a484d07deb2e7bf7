"""Admin for the catalogue configuration, scoped to the user's region (``accounts.admin_mixins``).

Every write goes through ``catalogus.services`` with ``door=request.user``, so the admin obeys the
same rules as the pages, the API and the reference-data loader; a refusal shows the service's Dutch
message on the form (status 200) and saves nothing. Tariff versions are never edited in place: a new
version is added here or through the tariff revision page. Profiles, intensities and payment
schedules are shown read-only (they come from the model's data file through the loader).
"""

from django import forms
from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin, AlleenLezenInline, ServiceAdmin

from . import services
from .models import (
    Betaalschema,
    Betaaltermijn,
    Inkoopmodel,
    Intensiteit,
    Kostensegment,
    Product,
    Profiel,
    Tarief,
    Uitsluiting,
)

INKOOPMODEL_VELDEN = ["regio", "code", "naam", "wet", "geldig_van", "geldig_tot", "omschrijving", "bron"]
PRODUCT_VELDEN = [
    "inkoopmodel",
    "code",
    "naam",
    "omschrijving",
    "profiel",
    "intensiteit",
    "soort",
    "bekostiging",
    "tariefeenheid",
    "ijw_eenheid",
    "productcategorie",
    "productcode_ijw",
    "betaalschema",
    "mag_stapelen",
    "geldig_van",
    "geldig_tot",
]


def _velden(form, namen) -> dict:
    return {n: form.cleaned_data[n] for n in namen if n in form.cleaned_data}


class IntensiteitInline(AlleenLezenInline):
    model = Intensiteit


class ProfielInline(AlleenLezenInline):
    model = Profiel


class KostensegmentInline(AlleenLezenInline):
    model = Kostensegment
    show_change_link = True


class UitsluitingInline(AlleenLezenInline):
    model = Uitsluiting
    show_change_link = True


@admin.register(Inkoopmodel)
class InkoopmodelAdmin(ServiceAdmin):
    list_display = ["naam", "regio", "wet", "geldig_van", "geldig_tot", "is_referentiemodel"]
    list_filter = ["wet", "is_referentiemodel"]
    search_fields = ["naam", "code"]
    fields = [*INKOOPMODEL_VELDEN, "is_referentiemodel"]
    readonly_fields = ["is_referentiemodel"]
    inlines = [IntensiteitInline, ProfielInline, KostensegmentInline, UitsluitingInline]
    regio_pad = "regio_id"
    aanmaak_actie = "catalogus.inkoopmodel_aanmaken"
    wijzig_actie = "catalogus.inkoopmodel_wijzigen"

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "regio", "code"] if obj else self.readonly_fields

    def dienst_aanmaken(self, request, obj, form):
        return services.inkoopmodel_create(door=request.user, **_velden(form, INKOOPMODEL_VELDEN))

    def dienst_wijzigen(self, request, obj, form):
        return services.inkoopmodel_update(inkoopmodel=obj, door=request.user)  # obj carries the form's values


class TariefInline(AlleenLezenInline):
    model = Tarief
    fields = ["geldig_van", "geldig_tot", "bedrag", "illustratief", "toelichting"]
    readonly_fields = fields


@admin.register(Product)
class ProductAdmin(ServiceAdmin):
    list_display = ["code", "naam", "inkoopmodel", "bekostiging", "soort", "geldig_van", "geldig_tot"]
    list_filter = ["bekostiging", "soort"]
    search_fields = ["code", "naam"]
    fields = PRODUCT_VELDEN
    inlines = [TariefInline]
    list_select_related = ["inkoopmodel"]
    regio_pad = "inkoopmodel__regio_id"
    aanmaak_actie = "catalogus.product_aanmaken"
    wijzig_actie = "catalogus.product_wijzigen"

    def get_readonly_fields(self, request, obj=None):
        return ["inkoopmodel", "code"] if obj else []

    def dienst_aanmaken(self, request, obj, form):
        return services.product_create(door=request.user, **_velden(form, PRODUCT_VELDEN))

    def dienst_wijzigen(self, request, obj, form):
        return services.product_update(product=obj, door=request.user)


class TariefForm(forms.ModelForm):
    """The amount is text, read by the one money parser inside the service ("38.500,00" or "38500.00")."""

    bedrag = forms.CharField(label="bedrag (EUR)", max_length=40, help_text="Bijvoorbeeld 38.500,00 of 38500.00.")

    class Meta:
        model = Tarief
        fields = ["product", "geldig_van", "geldig_tot", "illustratief", "toelichting"]


@admin.register(Tarief)
class TariefAdmin(ServiceAdmin):
    """Adds a tariff version through ``tarief_create``; existing versions are read-only (a budget is
    fixed at the tariff valid on its start date, so history is never rewritten)."""

    form = TariefForm
    exclude = ["bedrag"]  # from the model's fields (a DecimalField): the form's text goes to the service
    list_display = ["product", "bedrag", "geldig_van", "geldig_tot", "illustratief"]
    list_filter = ["illustratief"]
    search_fields = ["product__code", "product__naam"]
    list_select_related = ["product"]
    regio_pad = "product__inkoopmodel__regio_id"
    aanmaak_actie = "catalogus.tarief_aanmaken"
    lees_actie = "catalogus.tarief_herzien"

    def get_fields(self, request, obj=None):
        if obj:
            return ["product", "bedrag", "geldig_van", "geldig_tot", "illustratief", "toelichting", "aangemaakt_door"]
        return ["product", "bedrag", "geldig_van", "geldig_tot", "illustratief", "toelichting"]

    def dienst_aanmaken(self, request, obj, form):
        d = form.cleaned_data
        return services.tarief_create(
            product=d["product"],
            bedrag=d["bedrag"],
            geldig_van=d["geldig_van"],
            geldig_tot=d.get("geldig_tot"),
            illustratief=d.get("illustratief", False),
            toelichting=d.get("toelichting", ""),
            door=request.user,
        )


@admin.register(Kostensegment)
class KostensegmentAdmin(ServiceAdmin):
    list_display = ["naam", "code", "inkoopmodel", "ondergrens", "bovengrens", "extra_controle"]
    fields = [
        "inkoopmodel", "code", "naam", "ondergrens", "bovengrens", "extra_controle", "illustratief", "toelichting"
    ]  # fmt: skip
    list_select_related = ["inkoopmodel"]
    regio_pad = "inkoopmodel__regio_id"
    aanmaak_actie = wijzig_actie = "catalogus.kostensegment_aanmaken"

    def get_readonly_fields(self, request, obj=None):
        return ["inkoopmodel", "code"] if obj else []

    def _opslaan(self, request, obj):
        return services.kostensegment_create(
            inkoopmodel=obj.inkoopmodel,
            code=obj.code,
            naam=obj.naam,
            ondergrens=obj.ondergrens,
            bovengrens=obj.bovengrens,
            extra_controle=obj.extra_controle,
            illustratief=obj.illustratief,
            toelichting=obj.toelichting,
            door=request.user,
        )

    def dienst_aanmaken(self, request, obj, form):
        return self._opslaan(request, obj)

    def dienst_wijzigen(self, request, obj, form):
        return self._opslaan(request, obj)


@admin.register(Uitsluiting)
class UitsluitingAdmin(ServiceAdmin):
    list_display = ["naam", "code", "inkoopmodel"]
    fields = ["inkoopmodel", "code", "naam", "reden"]
    list_select_related = ["inkoopmodel"]
    regio_pad = "inkoopmodel__regio_id"
    aanmaak_actie = wijzig_actie = "catalogus.uitsluiting_opslaan"

    def get_readonly_fields(self, request, obj=None):
        return ["inkoopmodel", "code"] if obj else []

    def _opslaan(self, request, obj):
        return services.uitsluiting_save(
            inkoopmodel=obj.inkoopmodel, code=obj.code, naam=obj.naam, reden=obj.reden, door=request.user
        )

    def dienst_aanmaken(self, request, obj, form):
        return self._opslaan(request, obj)

    def dienst_wijzigen(self, request, obj, form):
        return self._opslaan(request, obj)


class BetaaltermijnInline(AlleenLezenInline):
    model = Betaaltermijn


@admin.register(Betaalschema)
class BetaalschemaAdmin(AlleenLezenAdmin):
    """Read-only: a schedule is replaced as a whole by ``betaalschema_save`` (its shares add up to 100%)."""

    list_display = ["naam", "code", "inkoopmodel"]
    inlines = [BetaaltermijnInline]
    regio_pad = "inkoopmodel__regio_id"
    lees_actie = "catalogus.betaalschema_opslaan"
