"""The message log in the admin: read-only (the log is append-only; changes go through the services)."""

from django.contrib import admin

from .models import Bericht, Verzoek


class AlleenLezen(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Bericht)
class BerichtAdmin(AlleenLezen):
    list_display = ["aangemaakt_op", "richting", "berichtcode", "identificatie", "afzender", "ontvanger", "status"]
    list_filter = ["richting", "status", "berichtcode"]
    search_fields = ["identificatie", "toewijzingnummers", "declaratienummer"]
    exclude = ["xml", "clienten"]


@admin.register(Verzoek)
class VerzoekAdmin(AlleenLezen):
    list_display = ["referentie_aanbieder", "soort", "gemeente", "aanbieder", "status", "antwoord_voor"]
    list_filter = ["soort", "status"]
