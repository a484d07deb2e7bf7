from django.urls import path

from . import views

# Mounted at /keuzehulp/ in its own namespace by ``uitkomst.urls``.
keuzehulp_patterns = (
    [
        path("", views.keuzehulp, name="index"),
        path("<uuid:uuid>", views.keuzehulp_product, name="product"),
    ],
    "keuzehulp",
)

# The access worker's choice of provider with the client: shown in the ``toegang`` namespace under
# /toegang/ (``uitkomst.urls`` mounts it there), but it lives here because it shows outcome figures.
toegang_patterns = [
    path("plannen/<uuid:uuid>/aanbieder", views.plan_aanbieder, name="plan-aanbieder"),
]
