"""Admin for configuration and inspection. Agreements and applications change through the pages and
the API (services with history); here they are read-only so no change bypasses the rules."""

from django import forms
from django.contrib import admin

from . import services
from .models import (
    Aanbieder,
    Aanmelding,
    Contactpersoon,
    Inkoopprocedure,
    Kwaliteitsbewijs,
    Kwaliteitseis,
    Kwaliteitssignaal,
    Procedurefase,
    Raamovereenkomst,
    Specialisme,
    Toetredingsronde,
    Vestiging,
)


class VestigingInline(admin.TabularInline):
    model = Vestiging
    extra = 0


class ContactpersoonInline(admin.TabularInline):
    model = Contactpersoon
    extra = 0


class KwaliteitsbewijsInline(admin.TabularInline):
    model = Kwaliteitsbewijs
    extra = 0
    fields = ["kwaliteitseis", "omschrijving", "geldig_van", "geldig_tot"]


class AanbiederForm(forms.ModelForm):
    """AGB and KvK are checked by the service rules, with their specific Dutch messages."""

    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Aanbieder
        fields = [
            "naam",
            "agb_code",
            "kvk_nummer",
            "grootte",
            "omschrijving",
            "website",
            "specialismen",
            "werkgebied",
            "is_synthetisch",
        ]

    def clean(self):
        data = super().clean()
        problems = services.aanbieder_problems(
            naam=data.get("naam", ""),
            agb_code=data.get("agb_code", ""),
            kvk_nummer=data.get("kvk_nummer", ""),
            grootte=data.get("grootte", ""),
            exclude_pk=self.instance.pk,
        )
        for p in problems.problems:
            self.add_error(p.field if p.field in self.fields else None, p.message)
        return data


@admin.register(Aanbieder)
class AanbiederAdmin(admin.ModelAdmin):
    form = AanbiederForm
    list_display = ["naam", "agb_code", "kvk_nummer", "grootte", "is_synthetisch"]
    list_filter = ["grootte", "is_synthetisch", "specialismen"]
    search_fields = ["naam", "agb_code", "kvk_nummer"]
    filter_horizontal = ["specialismen", "werkgebied"]
    inlines = [VestigingInline, ContactpersoonInline, KwaliteitsbewijsInline]


admin.site.register(Specialisme)


@admin.register(Kwaliteitseis)
class KwaliteitseisAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "inkoopmodel", "wet", "bewijs_vereist"]
    list_filter = ["wet", "inkoopmodel"]


@admin.register(Kwaliteitssignaal)
class KwaliteitssignaalAdmin(admin.ModelAdmin):
    list_display = ["tekst", "peildatum", "afgehandeld_op"]
    readonly_fields = ["aanbieder", "bewijs", "soort", "peildatum", "tekst"]


class ProcedurefaseInline(admin.TabularInline):
    model = Procedurefase
    extra = 0


@admin.register(Inkoopprocedure)
class InkoopprocedureAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "inkoopmodel", "toetredingsmomenten_per_jaar"]
    inlines = [ProcedurefaseInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Raamovereenkomst)
class RaamovereenkomstAdmin(ReadOnlyAdmin):
    list_display = ["aanbieder", "inkoopmodel", "ingangsdatum", "einddatum", "verlengingen_gebruikt", "status"]
    list_filter = ["inkoopmodel", "status"]
    search_fields = ["aanbieder__naam", "aanbieder__agb_code"]


@admin.register(Toetredingsronde)
class ToetredingsrondeAdmin(ReadOnlyAdmin):
    list_display = ["naam", "aanmelden_van", "aanmelden_tot", "ingangsdatum"]


@admin.register(Aanmelding)
class AanmeldingAdmin(ReadOnlyAdmin):
    list_display = ["aanbieder", "ronde", "status", "is_nieuwkomer"]
    list_filter = ["status", "ronde"]
