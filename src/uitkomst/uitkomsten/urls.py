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
