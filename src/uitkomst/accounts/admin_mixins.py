"""The shared plumbing of every ModelAdmin: permissions and rows from the policy, writes through the services.

The admin (``/beheer/``) is an edge like the pages and the API: it checks no role itself and writes no
model itself.

``BeleidAdminMixin`` (policy-scoped)
    Rows: the changelist, the change form, raw-id lookups and the choices of every foreign key
    (not of many-to-many fields such as a provider's work area, which may cross regions) show only
    the rows the policy lets the user see: ``policy.rijen(user, rijen_soort)`` for personal and
    organisation-bound data, or the user's own region at ``regio_pad`` for configuration that
    belongs to a region (purchasing models, their products, tariffs...). Permissions: view, add,
    change and delete are the policy's actions (``lees_actie``, ``aanmaak_actie``, ``wijzig_actie``,
    ``verwijder_actie``), not Django's model permissions; a model admin without ``wijzig_actie`` is
    read-only. A contract manager (staff, not superuser) therefore sees and changes exactly the
    configuration of their own region, and a superuser (scope installatie) everything.

``ServiceAdminMixin`` (writes through the services)
    ``save_model`` calls ``dienst_aanmaken`` / ``dienst_wijzigen``, which call the app's service with
    ``door=request.user``; inlines add rows through ``ServiceInline.dienst_toevoegen``. A
    ``DomainError`` from a service (a rule, or ``NotAllowed``) rolls the whole request back and the
    form is shown again, status 200, with the service's Dutch messages on their fields: never a
    500, and nothing saved. Deleting is refused unless a service for it exists.

Layering: this module lives in ``accounts`` (next to the policy) because ``utils`` may not import
it; every app above ``accounts`` uses it, and ``accounts/admin.py`` registers the organisation
models too (``organisaties`` lies below the policy).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.http import HttpResponseRedirect

from uitkomst.utils.errors import DomainError

from . import policy

WEIGERING = "_uitkomst_admin_weigering"


def regio_rijen(user, pad: str, *, ook_zonder_regio: bool = False) -> Q:
    """Rows whose region (the field path ``pad``, e.g. ``inkoopmodel__regio_id``) is the user's own.

    Admin-only helper on top of the policy: ``policy.rijen`` has no kind for configuration rows (the
    catalogue is public to read), and the admin must not show another region's models as editable.
    The installation sees every row; a user without a region none (or only region-less rows, for
    law-wide quality requirements).
    """
    if policy.is_installatie(user):
        return Q()
    if policy.scope(user) is None or user.regio_id is None:
        return Q(**{f"{pad.removesuffix('_id')}__isnull": True}) if ook_zonder_regio else policy.NIETS
    eigen = Q(**{pad: user.regio_id})
    return (eigen | Q(**{f"{pad.removesuffix('_id')}__isnull": True})) if ook_zonder_regio else eigen


def fouten_op_formulier(form, fout: DomainError) -> None:
    """Put every problem of a service refusal on the form: on its field when the form shows it."""
    for p in fout.problems:
        veld = p.field.split(".")[-1] if p.field else None
        form.add_error(veld if veld in form.fields else None, p.message)


class _Geweigerd(Exception):
    def __init__(self, fout: DomainError):
        super().__init__(fout.message)
        self.fout = fout


class BeleidAdminMixin:
    """Rows and permissions from ``accounts.policy`` (see the module docstring)."""

    rijen_soort: str | None = None  # a kind of ``policy.rijen``
    rijen_via: str = ""
    regio_pad: str | None = None  # or: the user's own region at this field path
    ook_zonder_regio: bool = False
    lees_actie: str | None = None
    aanmaak_actie: str | None = None
    wijzig_actie: str | None = None
    verwijder_actie: str | None = None
    keuzes_beperken = True  # as the target of a foreign key: offer only these rows as choices
    rijen_distinct = False  # the row filter follows a to-many relation

    def beleid_rijen(self, user) -> Q:
        if self.rijen_soort:
            return policy.rijen(user, self.rijen_soort, via=self.rijen_via)
        if self.regio_pad:
            return regio_rijen(user, self.regio_pad, ook_zonder_regio=self.ook_zonder_regio)
        return Q() if policy.scope(user) else policy.NIETS  # not bound to a region (providers, vocabularies)

    def get_queryset(self, request):
        qs = super().get_queryset(request).filter(self.beleid_rijen(request.user))
        return qs.distinct() if self.rijen_distinct else qs

    def beleid_object(self, obj):
        """The object the service checks for this row (a law-wide requirement: its model, None)."""
        return obj

    def _mag(self, request, actie: str | None, obj=None) -> bool:
        if not actie:
            return False
        return policy.mag(request.user, actie, None if obj is None else self.beleid_object(obj))

    def has_view_permission(self, request, obj=None):
        return any(self._mag(request, a) for a in (self.lees_actie, self.aanmaak_actie, self.wijzig_actie))

    def has_add_permission(self, request, *args):  # ModelAdmin(request), InlineModelAdmin(request, obj)
        return self._mag(request, self.aanmaak_actie)

    def has_change_permission(self, request, obj=None):
        return self._mag(request, self.wijzig_actie, obj)

    def has_delete_permission(self, request, obj=None):
        return self._mag(request, self.verwijder_actie, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def _gescoopt(self, request, model, kwargs):
        rel_admin = self.admin_site._registry.get(model)
        if isinstance(rel_admin, BeleidAdminMixin) and rel_admin.keuzes_beperken and "queryset" not in kwargs:
            kwargs["queryset"] = rel_admin.get_queryset(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        self._gescoopt(request, db_field.related_model, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class AlleenLezenAdmin(BeleidAdminMixin, admin.ModelAdmin):
    """Scoped and read-only: for models whose rules live in services (histories, invoices, agreements)."""

    actions = None

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdminMixin(BeleidAdminMixin):
    """Writes through the services; a refusal becomes form errors with status 200 (module docstring)."""

    def dienst_aanmaken(self, request, obj, form):
        """Create ``obj`` (unsaved, filled from the form) through the service; return the saved instance."""
        raise NotImplementedError(f"{type(self).__name__} maakt niets aan in het beheer.")

    def dienst_wijzigen(self, request, obj, form):
        """Save the changes in ``obj`` through the service; return the saved instance."""
        raise NotImplementedError(f"{type(self).__name__} wijzigt niets in het beheer.")

    def dienst_verwijderen(self, request, obj) -> None:
        raise NotImplementedError(f"{type(self).__name__} verwijdert niets in het beheer.")

    # --- Django's hooks ----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        try:
            saved = self.dienst_wijzigen(request, obj, form) if change else self.dienst_aanmaken(request, obj, form)
        except DomainError as exc:
            raise _Geweigerd(exc) from exc
        if saved is not None and saved is not obj:
            obj.__dict__.update(saved.__dict__)  # the admin logs and redirects with obj: give it the saved row

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields are set by the services; inlines add their rows through services."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        inline = next((i for i in self.get_inline_instances(request, form.instance) if i.model is formset.model), None)
        try:
            for nieuw in formset.save(commit=False):
                if nieuw.pk is not None or not isinstance(inline, ServiceInline):
                    raise DomainError(
                        f"{formset.model._meta.verbose_name_plural} wijzigt u hier niet.", code="beheer_alleen_lezen"
                    )
                inline.dienst_toevoegen(request, form.instance, nieuw)
            if formset.deleted_objects:
                raise DomainError(
                    f"{formset.model._meta.verbose_name_plural} verwijdert u hier niet.", code="beheer_alleen_lezen"
                )
        except DomainError as exc:
            raise _Geweigerd(exc) from exc

    def delete_model(self, request, obj):
        try:
            self.dienst_verwijderen(request, obj)
        except DomainError as exc:
            raise _Geweigerd(exc) from exc

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        fout = getattr(request, WEIGERING, None)
        if fout is None:
            return form_class

        class MetWeigering(form_class):
            def clean(self):
                data = super().clean()
                fouten_op_formulier(self, fout)
                return data

        MetWeigering.__name__ = form_class.__name__
        return MetWeigering

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """Run the save; on a refusal (rolled back by the admin's own transaction) show the form again
        with the service's messages, as the browser submitted it."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Geweigerd as exc:
            setattr(request, WEIGERING, exc.fout)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _Geweigerd as exc:
            self.message_user(request, exc.fout.message, messages.ERROR)
            return HttpResponseRedirect("../")  # back to the change page

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except _Geweigerd as exc:  # a bulk action (delete_selected) refused by a service
            self.message_user(request, exc.fout.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


class ServiceAdmin(ServiceAdminMixin, admin.ModelAdmin):
    pass


class ServiceInline(BeleidAdminMixin, admin.TabularInline):
    """An inline whose existing rows are read-only and whose new rows are added through a service."""

    extra = 0
    can_delete = False

    def get_queryset(self, request):  # the parent is scoped already; an inline shows its rows
        return admin.TabularInline.get_queryset(self, request)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True  # shown only inside a parent the user may view

    def dienst_toevoegen(self, request, parent, obj) -> None:
        raise NotImplementedError


class AlleenLezenInline(admin.TabularInline):
    """Rows of a parent shown read-only (the parent is scoped; changes go through services)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True
