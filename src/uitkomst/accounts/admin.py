"""Admin of users and roles, and of the organisations (regions, municipalities).

Users: only the installation's administrators (policy action ``accounts.gebruiker_aanmaken``); new
users are made by ``gebruiker_create`` and changed by ``gebruiker_wijzigen`` (the role's scope must
keep its organisation). Rights come from the role, so Django's groups and permissions are not shown.
Roles and organisations ship as data and load after every migrate: read-only here. Regions and
municipalities are registered here, not in ``organisaties/admin.py``, because the policy-scoped
admin plumbing lives in ``accounts`` and ``organisaties`` is the layer below it.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)

from uitkomst.organisaties.models import Gemeente, Regio

from . import policy, services
from .admin_mixins import AlleenLezenAdmin, AlleenLezenInline, ServiceAdminMixin
from .models import Gebruiker, Rol

ORGANISATIE_VELDEN = ("rol", "regio", "gemeente", "aanbieder", "verwijzer_code")


@admin.register(Rol)
class RolAdmin(AlleenLezenAdmin):
    list_display = ["naam", "code", "scope"]
    lees_actie = "accounts.gebruiker_aanmaken"


@admin.register(Gebruiker)
class GebruikerAdmin(ServiceAdminMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "rol", "gemeente", "aanbieder", "is_active"]
    list_filter = ["rol", "is_active", "regio"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Persoon", {"fields": ("first_name", "last_name", "email")}),
        ("Rol en organisatie", {"fields": ORGANISATIE_VELDEN}),
        ("Toegang", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Data", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("Rol en organisatie", {"fields": ORGANISATIE_VELDEN}),
    )
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = ()
    lees_actie = aanmaak_actie = wijzig_actie = "accounts.gebruiker_aanmaken"

    def dienst_aanmaken(self, request, obj, form):
        d = form.cleaned_data
        return services.gebruiker_create(
            username=d["username"],
            password=d.get("password1") or None,  # None: no usable password (UserCreationForm's choice)
            rol_code=d["rol"].code if d.get("rol") else "",
            regio=d.get("regio"),
            gemeente=d.get("gemeente"),
            aanbieder=d.get("aanbieder"),
            verwijzer_code=d.get("verwijzer_code", ""),
            check_password=False,  # the form has validated it
        )

    def dienst_wijzigen(self, request, obj, form):
        return services.gebruiker_wijzigen(gebruiker=obj, door=request.user)


class GemeenteInline(AlleenLezenInline):
    model = Gemeente
    fields = ["cbs_code", "naam", "inwoners"]


class _OrganisatieAdmin(AlleenLezenAdmin):
    def has_view_permission(self, request, obj=None):
        return policy.scope(request.user) is not None  # public reference data, scoped to the own region


@admin.register(Regio)
class RegioAdmin(_OrganisatieAdmin):
    list_display = ["naam", "code"]
    search_fields = ["naam", "code"]
    inlines = [GemeenteInline]
    regio_pad = "id"


@admin.register(Gemeente)
class GemeenteAdmin(_OrganisatieAdmin):
    list_display = ["naam", "cbs_code", "regio"]
    search_fields = ["naam", "cbs_code"]
    regio_pad = "regio_id"
    keuzes_beperken = False  # a branch or work area may lie in another region


# OAuth2 clients and TOTP devices: django-oauth-toolkit's and django-otp's own admins are replaced by
# read-only, policy-scoped ones (administrators only). A client is made with `uitkomst oauthclient maak`
# (it shows the secret once) and switched off here or with `uitkomst oauthclient intrekken`; deleting
# a user's TOTP device makes that user enrol again at the next login (a lost phone).
for _model in (
    get_application_model(),
    get_access_token_model(),
    get_refresh_token_model(),
    get_grant_model(),
    get_id_token_model(),
    TOTPDevice,
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(get_application_model())
class IntegratieclientAdmin(AlleenLezenAdmin):
    list_display = ["name", "client_id", "user", "actief", "created"]
    fields = ["name", "client_id", "user", "authorization_grant_type", "created"]
    readonly_fields = fields
    lees_actie = "accounts.gebruiker_aanmaken"
    actions = ["intrekken"]

    @admin.display(boolean=True, description="actief")
    def actief(self, obj):
        return bool(obj.user and obj.user.is_active)

    @admin.action(description="Geselecteerde clients intrekken (tokens vervallen direct)")
    def intrekken(self, request, queryset):
        for application in queryset:
            services.integratieclient_intrekken(application=application)
        self.message_user(request, f"{queryset.count()} client(s) ingetrokken.")


@admin.register(TOTPDevice)
class TotpApparaatAdmin(AlleenLezenAdmin):
    list_display = ["user", "name", "confirmed", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    lees_actie = verwijder_actie = "accounts.gebruiker_aanmaken"

    def has_delete_permission(self, request, obj=None):
        return self._mag(request, self.verwijder_actie)
