from django.shortcuts import render

from uitkomst.catalogus import selectors as catalogus


def home(request):
    return render(request, "web/home.html", {"modellen": catalogus.inkoopmodel_list(user=request.user)})
