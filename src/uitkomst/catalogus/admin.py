"""Admin for configuration. Writes go through catalogus.services, so admin obeys the same rules."""

from django import forms
from django.contrib import admin

from uitkomst.utils.errors import DomainError

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


def _add_problems(form: forms.ModelForm, collector) -> None:
    for p in collector.problems:
        field = p.field if p.field in form.fields else None
        form.add_error(field, p.message)


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
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

    def clean(self):
        data = super().clean()
        model = data.get("inkoopmodel")
        if model is not None:
            _add_problems(
                self,
                services.product_problems(
                    inkoopmodel=model,
                    code=data.get("code", ""),
                    geldig_van=data.get("geldig_van"),
                    geldig_tot=data.get("geldig_tot"),
                    profiel=data.get("profiel"),
                    intensiteit=data.get("intensiteit"),
                    betaalschema=data.get("betaalschema"),
                    exclude_pk=self.instance.pk,
                ),
            )
        return data


class TariefForm(forms.ModelForm):
    class Meta:
        model = Tarief
        fields = ["product", "bedrag", "geldig_van", "geldig_tot", "illustratief", "toelichting"]

    def clean(self):
        data = super().clean()
        if data.get("product") is not None:
            _add_problems(
                self,
                services.tarief_problems(
                    product=data["product"],
                    bedrag=data.get("bedrag"),
                    geldig_van=data.get("geldig_van"),
                    geldig_tot=data.get("geldig_tot"),
                    exclude_pk=self.instance.pk,
                ),
            )
        return data


class IntensiteitInline(admin.TabularInline):
    model = Intensiteit
    extra = 0


class ProfielInline(admin.TabularInline):
    model = Profiel
    extra = 0


class KostensegmentInline(admin.TabularInline):
    model = Kostensegment
    extra = 0


class UitsluitingInline(admin.TabularInline):
    model = Uitsluiting
    extra = 0


@admin.register(Inkoopmodel)
class InkoopmodelAdmin(admin.ModelAdmin):
    list_display = ["naam", "regio", "wet", "geldig_van", "geldig_tot", "is_referentiemodel"]
    list_filter = ["regio", "wet", "is_referentiemodel"]
    search_fields = ["naam", "code"]
    inlines = [IntensiteitInline, ProfielInline, KostensegmentInline, UitsluitingInline]

    def save_model(self, request, obj, form, change):
        try:
            if change:
                services.inkoopmodel_update(inkoopmodel=obj)
            else:
                created = services.inkoopmodel_create(
                    regio=obj.regio,
                    code=obj.code,
                    naam=obj.naam,
                    wet=obj.wet,
                    geldig_van=obj.geldig_van,
                    geldig_tot=obj.geldig_tot,
                    omschrijving=obj.omschrijving,
                    bron=obj.bron,
                )
                obj.pk, obj.uuid = created.pk, created.uuid
        except DomainError as exc:
            form.add_error(None, exc.message)
            raise


class TariefInline(admin.TabularInline):
    model = Tarief
    extra = 0
    fields = ["geldig_van", "geldig_tot", "bedrag", "illustratief", "toelichting"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # a new version goes through the tariff form, which checks overlap


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    form = ProductForm
    list_display = ["code", "naam", "inkoopmodel", "bekostiging", "soort", "geldig_van", "geldig_tot"]
    list_filter = ["inkoopmodel", "bekostiging", "soort"]
    search_fields = ["code", "naam"]
    inlines = [TariefInline]
    list_select_related = ["inkoopmodel"]


@admin.register(Tarief)
class TariefAdmin(admin.ModelAdmin):
    form = TariefForm
    list_display = ["product", "bedrag", "geldig_van", "geldig_tot", "illustratief"]
    list_filter = ["product__inkoopmodel", "illustratief"]
    search_fields = ["product__code", "product__naam"]
    list_select_related = ["product"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()  # the form has run the service checks against the other versions
        else:
            created = services.tarief_create(
                product=obj.product,
                bedrag=obj.bedrag,
                geldig_van=obj.geldig_van,
                geldig_tot=obj.geldig_tot,
                illustratief=obj.illustratief,
                toelichting=obj.toelichting,
                door=request.user,
            )
            obj.pk = created.pk


class BetaaltermijnInline(admin.TabularInline):
    model = Betaaltermijn
    extra = 0


@admin.register(Betaalschema)
class BetaalschemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "inkoopmodel"]
    inlines = [BetaaltermijnInline]
