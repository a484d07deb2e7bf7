from django.contrib import admin

from .models import Gemeente, Regio


class GemeenteInline(admin.TabularInline):
    model = Gemeente
    extra = 0
    fields = ["cbs_code", "naam", "inwoners"]


@admin.register(Regio)
class RegioAdmin(admin.ModelAdmin):
    list_display = ["naam", "code"]
    search_fields = ["naam", "code"]
    inlines = [GemeenteInline]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code", "regio"]
    list_filter = ["regio"]
    search_fields = ["naam", "cbs_code"]
