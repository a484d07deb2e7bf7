"""Read-only admin, scoped by the policy: assignments and trajectories change only through the pages,
the API and ``trajecten.services`` (transitions with history)."""

from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin

from .models import StapelingUitzondering, StatusWijziging, Toewijzing, Traject

LEZEN = "trajecten.lezen"


@admin.register(Toewijzing)
class ToewijzingAdmin(AlleenLezenAdmin):
    list_display = ["nummer", "product", "aanbieder", "startdatum", "einddatum", "budget", "goedkeuring"]
    list_select_related = ["product", "aanbieder"]
    search_fields = ["nummer"]
    raw_id_fields = ["plan", "verwijzing", "client", "vorige"]
    rijen_soort = "toewijzing"
    lees_actie = LEZEN


@admin.register(Traject)
class TrajectAdmin(AlleenLezenAdmin):
    list_display = ["uuid", "status", "product", "aanbieder", "gemeente", "toegewezen_op"]
    list_select_related = ["product", "aanbieder", "gemeente"]
    list_filter = ["status"]
    raw_id_fields = ["toewijzing", "client"]
    rijen_soort = "traject"
    lees_actie = LEZEN


@admin.register(StatusWijziging)
class StatusWijzigingAdmin(AlleenLezenAdmin):
    list_display = ["traject", "van", "naar", "door", "op"]
    raw_id_fields = ["traject"]
    rijen_soort, rijen_via = "traject", "traject__"
    lees_actie = LEZEN


@admin.register(StapelingUitzondering)
class StapelingUitzonderingAdmin(AlleenLezenAdmin):
    list_display = ["client", "inkoopmodel", "goedgekeurd_op"]
    raw_id_fields = ["client"]
    rijen_soort, rijen_via = "client", "client__"
    lees_actie = LEZEN
