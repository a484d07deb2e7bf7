import uuid

from django.db import models


class ApiResource(models.Model):
    """An aggregate exposed through the API, identified there by a UUID (never the row id)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class AppendOnly(models.Model):
    """History: rows are added, never changed or removed (bulk removal only with the whole parent)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError(f"{self._meta.verbose_name}: geschiedenis wordt niet gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{self._meta.verbose_name}: geschiedenis wordt niet verwijderd.")


class Statuswijziging(AppendOnly):
    """One step of a status machine, appended by the transition mechanism (``utils.overgangen``)."""

    van_status = models.CharField("van", max_length=20, blank=True)
    naar_status = models.CharField("naar", max_length=20)
    toelichting = models.TextField("toelichting", blank=True)
    door = models.ForeignKey("accounts.Gebruiker", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    op = models.DateTimeField("op", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.van_status or '—'} → {self.naar_status}"
