"""Admin for contract forms. Writes go through ``contractvormen.services`` (the answers are checked
against the vocabulary there), so the admin obeys the same rules; the portfolio and the text readings
with their corrections are read-only here."""

from django import forms
from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin, AlleenLezenInline, ServiceAdmin

from . import services
from .classificatie import SLEUTELS
from .models import Contractvorm, Correctie, Portfolioregel, Tekstlezing

BEHEREN = "contractvormen.contractvorm_beheren"
VELDEN = ["naam", "gebied", "wet", "jaar", "procedure", "regisseur_bij_aanbieder", "toelichting", "bron"]


class ContractvormForm(forms.ModelForm):
    class Meta:
        model = Contractvorm
        fields = ["code", *VELDEN[:5], *SLEUTELS, *VELDEN[5:], "is_fictief"]


class PortfolioInline(AlleenLezenInline):
    model = Portfolioregel


@admin.register(Contractvorm)
class ContractvormAdmin(ServiceAdmin):
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
    inlines = [PortfolioInline]
    lees_actie = aanmaak_actie = wijzig_actie = BEHEREN

    def get_readonly_fields(self, request, obj=None):
        return ["code", "is_fictief", "archetype", "inkoopmodel"] if obj else ["archetype", "inkoopmodel"]

    @admin.display(description="archetype")
    def archetype(self, obj):
        return obj.classificatie().archetype or "onbekend" if obj.pk else "—"

    def dienst_aanmaken(self, request, obj, form):
        d = form.cleaned_data
        return services.contractvorm_create(
            **{k: d.get(k) for k in VELDEN},
            antwoorden={k: d.get(k) for k in SLEUTELS},
            code=d.get("code") or None,
            is_fictief=d.get("is_fictief", False),
            door=request.user,
        )

    def dienst_wijzigen(self, request, obj, form):
        d = form.cleaned_data
        return services.contractvorm_update(
            contractvorm=obj,
            door=request.user,
            antwoorden={k: d.get(k) for k in SLEUTELS},
            **{k: d[k] for k in VELDEN if k in d},
        )


class CorrectieInline(AlleenLezenInline):
    model = Correctie
    fields = ["sleutel", "voorgesteld", "gekozen", "aangemaakt_op"]
    readonly_fields = fields


@admin.register(Tekstlezing)
class TekstlezingAdmin(AlleenLezenAdmin):
    list_display = ["bestandsnaam", "contractvorm", "soort", "lexicon_versie", "aangemaakt_op", "bevestigd_op"]
    inlines = [CorrectieInline]
    lees_actie = BEHEREN
