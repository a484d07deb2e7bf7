"""Read-mostly admin: changes to trajectories go through the pages, the API and trajecten.services."""

from django.contrib import admin

from .models import Signaal, StapelingUitzondering, StatusWijziging, Toewijzing, Traject


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Toewijzing)
class ToewijzingAdmin(ReadOnly):
    list_display = ["nummer", "product", "aanbieder", "startdatum", "einddatum", "budget", "goedkeuring"]
    list_select_related = ["product", "aanbieder"]
    search_fields = ["nummer"]
    raw_id_fields = ["plan", "verwijzing", "client", "vorige"]


@admin.register(Traject)
class TrajectAdmin(ReadOnly):
    list_display = ["uuid", "status", "product", "aanbieder", "gemeente", "toegewezen_op"]
    list_select_related = ["product", "aanbieder", "gemeente"]
    list_filter = ["status"]
    raw_id_fields = ["toewijzing", "client"]


@admin.register(StatusWijziging)
class StatusWijzigingAdmin(ReadOnly):
    list_display = ["traject", "van", "naar", "door", "op"]
    raw_id_fields = ["traject"]


@admin.register(Signaal)
class SignaalAdmin(ReadOnly):
    list_display = ["soort", "aanbieder", "gemeente", "aangemaakt_op", "omschrijving"]


@admin.register(StapelingUitzondering)
class StapelingUitzonderingAdmin(ReadOnly):
    list_display = ["client", "inkoopmodel", "goedgekeurd_op"]
