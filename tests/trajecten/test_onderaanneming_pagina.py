"""The trajectory page says, per subcontractor, whether it has a contract of its own or works
without one under the responsible provider (issue 17: subcontracting visible in the trajectory)."""

from django.urls import reverse

from uitkomst.trajecten import services

from .test_services import assign


def test_trajectory_page_says_whether_subcontractor_is_contracted(
    client, plan, aanbieder, ander_aanbieder, aanbieder_user, toegang
):
    traject = assign(plan, aanbieder, toegang).traject
    services.traject_accepteren(traject=traject, door=aanbieder_user)
    services.onderaannemer_toevoegen(
        traject=traject, aanbieder=ander_aanbieder, omschrijving="Dyslexiebehandeling", door=aanbieder_user
    )
    client.force_login(aanbieder_user)
    html = client.get(reverse("trajecten:detail", args=[traject.uuid])).content.decode()
    assert 'id="onderaannemers"' in html
    assert ander_aanbieder.naam in html and "Dyslexiebehandeling" in html
    # the fixture's second provider holds a framework agreement of its own for this product
    assert "Dyslexiebehandeling — zelf gecontracteerd" in html
