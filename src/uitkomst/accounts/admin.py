from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Gebruiker, Rol


@admin.register(Rol)
class RolAdmin(admin.ModelAdmin):
    list_display = ["naam", "code", "scope"]
    readonly_fields = ["code", "scope", "rechten"]


@admin.register(Gebruiker)
class GebruikerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "gemeente", "aanbieder", "is_active"]
    list_filter = ["rol", "is_active", "regio"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Rol en organisatie", {"fields": ("rol", "regio", "gemeente", "aanbieder", "verwijzer_code")}),
    )
