"""Read-only admin of the signal centre, scoped like every other read (``policy.rijen``). Signals are
raised by their sources and handled on the signal centre page or through the API (services)."""

from django.contrib import admin

from uitkomst.accounts import policy

from .models import Signaal


@admin.register(Signaal)
class SignaalAdmin(admin.ModelAdmin):
    list_display = ["titel", "soort", "ernst", "regio", "gemeente", "aanbieder", "status", "aangemaakt_op"]
    list_filter = ["soort", "ernst", "status", "regio"]
    list_select_related = ["regio", "gemeente", "aanbieder"]
    search_fields = ["titel", "omschrijving", "sleutel"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(policy.rijen(request.user, "signaal"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
