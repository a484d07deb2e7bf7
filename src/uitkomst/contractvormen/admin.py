"""Admin for contract forms. Writes go through contractvormen.services, so admin obeys the same rules."""

from django import forms
from django.contrib import admin

from . import services
from .classificatie import SLEUTELS
from .models import Contractvorm, Correctie, Portfolioregel, Tekstlezing


class ContractvormForm(forms.ModelForm):
    class Meta:
        model = Contractvorm
        fields = [
            "code",
            "naam",
            "gebied",
            "wet",
            "jaar",
            "procedure",
            *SLEUTELS,
            "regisseur_bij_aanbieder",
            "is_fictief",
            "toelichting",
            "bron",
        ]

    def clean(self):
        data = super().clean()
        problems = services.contractvorm_problemen(
            naam=data.get("naam", ""),
            gebied=data.get("gebied", ""),
            wet=data.get("wet", ""),
            jaar=data.get("jaar"),
            antwoorden={k: data.get(k) for k in SLEUTELS},
            procedure=data.get("procedure"),
            code=data.get("code"),
            exclude_pk=self.instance.pk,
        )
        for p in problems.problems:
            field = p.field.split(".")[-1] if p.field else None
            self.add_error(field if field in self.fields else None, p.message)
        return data


class PortfolioInline(admin.TabularInline):
    model = Portfolioregel
    extra = 0


@admin.register(Contractvorm)
class ContractvormAdmin(admin.ModelAdmin):
    form = ContractvormForm
    list_display = [
        "naam",
        "gebied",
        "jaar",
        "wet",
        "regie",
        "bekostiging",
        "aanbieders",
        "scope",
        "herkomst",
        "is_fictief",
    ]
    list_filter = ["wet", "herkomst", "is_fictief", "bekostiging", "regie"]
    search_fields = ["naam", "gebied", "code"]
    readonly_fields = ["archetype", "inkoopmodel"]
    inlines = [PortfolioInline]

    @admin.display(description="archetype")
    def archetype(self, obj):
        return obj.classificatie().archetype or "onbekend" if obj.pk else "—"


class CorrectieInline(admin.TabularInline):
    model = Correctie
    extra = 0
    readonly_fields = ["sleutel", "voorgesteld", "gekozen", "aangemaakt_op"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tekstlezing)
class TekstlezingAdmin(admin.ModelAdmin):
    list_display = ["bestandsnaam", "contractvorm", "soort", "lexicon_versie", "aangemaakt_op"]
    readonly_fields = ["contractvorm", "bestandsnaam", "soort", "sha256", "lexicon_versie", "voorstel", "door"]
    inlines = [CorrectieInline]
