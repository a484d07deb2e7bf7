import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from uitkomst.demo import services as demo
from uitkomst.simulatie import tasks

pytestmark = pytest.mark.django_db


def test_cli_api_and_refusals(reference_models, contractmanager, api_client, capsys):
    demo.demo_region_build(clients=200, seed=5)
    call_command("simulatie", "--gemeente", "0193", "--runs", "100")
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert [v["vorm"] for v in out["vormen"]] == ["pxq", "budget", "traject", "week", "populatie"]
    assert "stap 3 van 3" in captured.err  # progress on stderr, JSON alone on stdout
    with pytest.raises(CommandError) as err:
        call_command("simulatie", "--param", "contractanten_per_wijk=0", "--runs", "10")
    assert "populatie_onbeperkt_aanbieders" in str(err.value)
    call_command("tariefontwerp", "--compact")
    design = json.loads(capsys.readouterr().out)
    assert design["aantal_voorstellen"] == 36 and design["budget"]["budgetneutraal"]
    api_client.force_authenticate(contractmanager)
    r = api_client.post("/api/v1/simulaties", {"gemeente": "0193", "runs": 50}, format="json")
    assert r.status_code == 200, r.content
    r = api_client.post("/api/v1/simulaties", {"runs": 50, "parameters": {"pxqVerlenging": -1}}, format="json")
    assert r.status_code == 400
    r = api_client.get("/api/v1/tariefontwerpen")
    assert r.status_code == 200


def test_simulation_runs_as_a_task(reference_models, contractmanager):
    demo.demo_region_build(clients=200, seed=5)
    result = tasks.draaien.apply(kwargs={"gebruiker_id": contractmanager.pk, "regio": "ijsselland",
                                         "gemeente": "0193", "jaar": 2027, "runs": 50}).get()  # fmt: skip
    assert len(result["vormen"]) == 5 and isinstance(result["vormen"][0]["totaal_gemiddeld"], str)
