from django.contrib import admin

from .models import Inzage


@admin.register(Inzage)
class InzageAdmin(admin.ModelAdmin):
    """Read-only: the log is written by ``audit_log_read`` and never changed or removed."""

    list_display = ["op", "gebruikersnaam", "rol", "kanaal", "wat", "waarom", "client_uuid"]
    list_filter = ["kanaal", "rol"]
    search_fields = ["gebruikersnaam", "client_uuid"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.has_right("audit.lezen")
