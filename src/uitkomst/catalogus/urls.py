from django.urls import path

from . import views

app_name = "catalogus"
urlpatterns = [
    path("", views.model_list, name="model-list"),
    path("<uuid:uuid>", views.model_detail, name="model-detail"),
    path("<uuid:uuid>/export.xlsx", views.model_export, name="model-export"),
    path("producten/<uuid:uuid>", views.product_detail, name="product-detail"),
]
