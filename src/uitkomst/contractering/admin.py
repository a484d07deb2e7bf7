from django.contrib import admin

from .models import Aanbieder


@admin.register(Aanbieder)
class AanbiederAdmin(admin.ModelAdmin):
    list_display = ["naam", "agb_code", "kvk_nummer", "grootte", "is_synthetisch"]
    list_filter = ["grootte", "is_synthetisch"]
    search_fields = ["naam", "agb_code", "kvk_nummer"]
