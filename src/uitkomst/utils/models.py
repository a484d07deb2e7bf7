import uuid

from django.db import models


class ApiResource(models.Model):
    """An aggregate exposed through the API, identified there by a UUID (never the row id)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
