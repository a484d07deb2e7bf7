"""Forms of the contracting pages: they parse input only; every rule is in ``services``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Inkoopprocedure, Wet


class _Datum(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class RondeForm(forms.Form):
    """Open an entry round: the procedure is chosen from a list, never typed as an id."""

    procedure = forms.ModelChoiceField(queryset=None, label=_("Inkoopprocedure"), empty_label=None)
    naam = forms.CharField(label=_("Naam van de ronde"), max_length=200)
    aanmelden_van = forms.DateField(label=_("Aanmelden vanaf"), widget=_Datum())
    aanmelden_tot = forms.DateField(label=_("Aanmelden tot en met"), widget=_Datum())
    beoordelen_tot = forms.DateField(label=_("Beoordelen tot en met"), widget=_Datum())
    ingangsdatum = forms.DateField(label=_("Ingangsdatum contract"), widget=_Datum())
    tijdens_looptijd = forms.BooleanField(
        label=_("Tijdens lopende contracten (nieuwkomers onderbouwen een aanvullend aanbod)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, procedures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].queryset = Inkoopprocedure.objects.filter(pk__in=[p.pk for p in procedures])
        self.fields["procedure"].label_from_instance = lambda p: f"{p.inkoopmodel.naam} – {p.naam}"


class KwaliteitseisForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    naam = forms.CharField(label=_("Naam"), max_length=200)
    omschrijving = forms.CharField(label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    bewijs_vereist = forms.BooleanField(label=_("Bewijs met geldigheid vereist"), required=False, initial=True)


class BewijsForm(forms.Form):
    kwaliteitseis = forms.ModelChoiceField(queryset=None, label=_("Kwaliteitseis"))
    omschrijving = forms.CharField(label=_("Omschrijving (bijv. certificaat en nummer)"), max_length=250)
    geldig_van = forms.DateField(label=_("Geldig vanaf"), widget=_Datum())
    geldig_tot = forms.DateField(label=_("Geldig tot en met (leeg: onbepaald)"), widget=_Datum(), required=False)
    bestand = forms.FileField(label=_("Bestand (PDF, PNG of JPEG)"), required=False)

    def __init__(self, *args, eisen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kwaliteitseis"].queryset = eisen
        self.fields["kwaliteitseis"].label_from_instance = lambda e: (
            f"{e.naam} ({e.inkoopmodel.naam if e.inkoopmodel_id else Wet(e.wet).label})"
        )
