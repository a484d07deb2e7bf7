"""Admin for contracting: providers and quality requirements change through ``contractering.services``;
agreements, procedures, entry rounds and applications change on the pages and through the API
(services with history) and are read-only here. Every list is scoped by the policy."""

from django import forms
from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin, AlleenLezenInline, ServiceAdmin, ServiceInline

from . import services
from .models import (
    Aanbesteding,
    Aanbieder,
    Aanmelding,
    Contactpersoon,
    Gunningscriterium,
    Inkoopprocedure,
    Inschrijving,
    Kwaliteitsbewijs,
    Kwaliteitseis,
    Procedurefase,
    Raamovereenkomst,
    Specialisme,
    Toetredingsronde,
    Vestiging,
)

LEZEN = "contractering.lezen"
AANBIEDER_VELDEN = ["naam", "agb_code", "kvk_nummer", "grootte", "omschrijving", "website"]


class VestigingInline(ServiceInline):
    model = Vestiging
    aanmaak_actie = "contractering.aanbieder_wijzigen"

    def dienst_toevoegen(self, request, parent, obj):
        services.vestiging_add(
            aanbieder=parent, naam=obj.naam, plaats=obj.plaats, adres=obj.adres, postcode=obj.postcode,
            gemeente=obj.gemeente, door=request.user,
        )  # fmt: skip


class ContactpersoonInline(ServiceInline):
    model = Contactpersoon
    aanmaak_actie = "contractering.aanbieder_wijzigen"

    def dienst_toevoegen(self, request, parent, obj):
        services.contactpersoon_add(
            aanbieder=parent, naam=obj.naam, functie=obj.functie, email=obj.email, telefoon=obj.telefoon,
            door=request.user,
        )  # fmt: skip


class KwaliteitsbewijsInline(ServiceInline):
    model = Kwaliteitsbewijs
    fields = ["kwaliteitseis", "omschrijving", "geldig_van", "geldig_tot"]
    aanmaak_actie = "contractering.kwaliteitsbewijs_toevoegen"

    def dienst_toevoegen(self, request, parent, obj):
        services.kwaliteitsbewijs_add(
            aanbieder=parent, kwaliteitseis=obj.kwaliteitseis, omschrijving=obj.omschrijving,
            geldig_van=obj.geldig_van, geldig_tot=obj.geldig_tot, door=request.user,
        )  # fmt: skip


class AanbiederForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Aanbieder
        fields = [*AANBIEDER_VELDEN, "specialismen", "werkgebied", "is_synthetisch"]


@admin.register(Aanbieder)
class AanbiederAdmin(ServiceAdmin):
    """AGB, KvK and the size class are checked by the service, with its Dutch messages on the fields."""

    form = AanbiederForm
    list_display = ["naam", "agb_code", "kvk_nummer", "grootte", "is_synthetisch"]
    list_filter = ["grootte", "is_synthetisch", "specialismen"]
    search_fields = ["naam", "agb_code", "kvk_nummer"]
    filter_horizontal = ["specialismen", "werkgebied"]
    inlines = [VestigingInline, ContactpersoonInline, KwaliteitsbewijsInline]
    rijen_soort = "aanbieder"
    lees_actie = LEZEN
    aanmaak_actie = "contractering.aanbieder_aanmaken"
    wijzig_actie = "contractering.aanbieder_wijzigen"

    def get_readonly_fields(self, request, obj=None):
        return ["is_synthetisch"] if obj else []

    def dienst_aanmaken(self, request, obj, form):
        d = form.cleaned_data
        return services.aanbieder_create(
            **{k: d.get(k, "") for k in AANBIEDER_VELDEN},
            specialismen=d.get("specialismen", ()),
            werkgebied=d.get("werkgebied", ()),
            is_synthetisch=d.get("is_synthetisch", False),
            door=request.user,
        )

    def dienst_wijzigen(self, request, obj, form):
        d = form.cleaned_data
        return services.aanbieder_update(
            aanbieder=obj,
            door=request.user,
            specialismen=d.get("specialismen"),
            werkgebied=d.get("werkgebied"),
            **{k: d[k] for k in AANBIEDER_VELDEN if k in d},
        )


@admin.register(Specialisme)
class SpecialismeAdmin(AlleenLezenAdmin):
    """A vocabulary (the providers' specialisms), shipped as data."""

    lees_actie = LEZEN


@admin.register(Kwaliteitseis)
class KwaliteitseisAdmin(ServiceAdmin):
    list_display = ["naam", "code", "inkoopmodel", "wet", "bewijs_vereist"]
    list_filter = ["wet"]
    fields = ["code", "naam", "inkoopmodel", "wet", "omschrijving", "bewijs_vereist", "volgorde"]
    regio_pad = "inkoopmodel__regio_id"
    ook_zonder_regio = True  # a law-wide requirement belongs to no region
    lees_actie = LEZEN
    aanmaak_actie = wijzig_actie = "contractering.kwaliteitseis_opslaan"

    def beleid_object(self, obj):
        return obj.inkoopmodel  # what kwaliteitseis_save checks (None: law-wide, any contract manager)

    def get_readonly_fields(self, request, obj=None):
        return ["code", "inkoopmodel", "wet"] if obj else []

    def _opslaan(self, request, obj):
        return services.kwaliteitseis_save(
            code=obj.code, naam=obj.naam, inkoopmodel=obj.inkoopmodel, wet=obj.wet, omschrijving=obj.omschrijving,
            bewijs_vereist=obj.bewijs_vereist, volgorde=obj.volgorde, door=request.user,
        )  # fmt: skip

    def dienst_aanmaken(self, request, obj, form):
        return self._opslaan(request, obj)

    def dienst_wijzigen(self, request, obj, form):
        return self._opslaan(request, obj)


class ProcedurefaseInline(AlleenLezenInline):
    model = Procedurefase


@admin.register(Inkoopprocedure)
class InkoopprocedureAdmin(AlleenLezenAdmin):
    """Read-only: a procedure is made with its phases by ``inkoopprocedure_create`` (pages, API)."""

    list_display = ["naam", "soort", "inkoopmodel", "toetredingsmomenten_per_jaar"]
    inlines = [ProcedurefaseInline]
    regio_pad = "inkoopmodel__regio_id"
    lees_actie = LEZEN


@admin.register(Raamovereenkomst)
class RaamovereenkomstAdmin(AlleenLezenAdmin):
    list_display = ["aanbieder", "inkoopmodel", "ingangsdatum", "einddatum", "verlengingen_gebruikt", "status"]
    list_filter = ["status"]
    search_fields = ["aanbieder__naam", "aanbieder__agb_code"]
    rijen_soort = "raamovereenkomst"
    lees_actie = LEZEN


@admin.register(Toetredingsronde)
class ToetredingsrondeAdmin(AlleenLezenAdmin):
    list_display = ["naam", "aanmelden_van", "aanmelden_tot", "ingangsdatum"]
    rijen_soort = "toetredingsronde"
    lees_actie = LEZEN


@admin.register(Aanmelding)
class AanmeldingAdmin(AlleenLezenAdmin):
    list_display = ["aanbieder", "ronde", "status", "is_nieuwkomer"]
    list_filter = ["status"]
    rijen_soort = "aanmelding"
    lees_actie = LEZEN


# competitive procedures (issue 17): made, scored and awarded on the pages and through the API only


class GunningscriteriumInline(AlleenLezenInline):
    model = Gunningscriterium


@admin.register(Aanbesteding)
class AanbestedingAdmin(AlleenLezenAdmin):
    list_display = ["naam", "perceel", "procedure", "inschrijven_tot", "max_aanbieders", "status"]
    list_filter = ["status"]
    inlines = [GunningscriteriumInline]
    rijen_soort = "aanbesteding"
    lees_actie = LEZEN


@admin.register(Inschrijving)
class InschrijvingAdmin(AlleenLezenAdmin):
    list_display = ["aanbieder", "aanbesteding", "status", "rang", "totaal"]
    list_filter = ["status"]
    rijen_soort = "inschrijving"
    lees_actie = LEZEN
