from django.contrib import admin

from uitkomst.accounts.admin_mixins import AlleenLezenAdmin

from .models import Inzage


@admin.register(Inzage)
class InzageAdmin(AlleenLezenAdmin):
    """Read-only: the log is written by ``audit_log_read`` and never changed or removed; a privacy
    officer reads the rows of their own region (``policy.rijen(user, "inzage")``)."""

    list_display = ["op", "gebruikersnaam", "rol", "kanaal", "wat", "waarom", "client_uuid"]
    list_filter = ["kanaal", "rol"]
    search_fields = ["gebruikersnaam", "client_uuid"]
    rijen_soort = "inzage"
    lees_actie = "audit.lezen"
