"""Copy the three old signal models into the one signal centre (issue 10).

- ``trajecten.Signaal`` (declines, overdue acceptances): one signal per trajectory and kind,
  key ``traject:<uuid>``.
- ``sturing.Signaal`` (the old centre): its copies of the trajectory signals (key ``trajecten:<pk>``)
  are merged into those, carrying their uuid and their handling; every other row is copied with its
  uuid, so links and API references stay valid. Provider-wide rows (no municipality) get the
  region(s) the provider works in.
- ``contractering.Kwaliteitssignaal`` (expired quality evidence): one signal per region that asks
  for the evidence, key ``bewijs:<pk>:regio:<pk>``, merged with the old centre's copy.
- Refused stacking attempts (``trajecten.Stapelpoging``) without a signal yet get one.

The old models are deleted by the next migration of their own app, which depends on this one.
Reversing leaves the old tables to be re-created empty (the new rows stay where they are).
"""

from django.db import migrations

SOORTEN = {
    "weigering": "afwijzing",
    "acceptatie-verlopen": "acceptatie_overschreden",
    "segment-c": "segment_c",
    "wachttijd": "lange_wachttijd",
    "stapeling": "stapeling",
    "uitval-afwijkend": "uitkomst_afwijkend",
    "tevredenheid-afwijkend": "uitkomst_afwijkend",
    "kwaliteit-verlopen": "kwaliteitsbewijs_verloopt",
    "budget-overschreden": "budget",
}
INDICATOR = {"uitval-afwijkend": "uitval_breed", "tevredenheid-afwijkend": "tevreden"}
TITELS = {
    "afwijzing": "Toewijzing geweigerd",
    "acceptatie_overschreden": "Niet op tijd geaccepteerd",
    "segment_c": "Duur traject (segment C)",
    "lange_wachttijd": "Lange wachttijd",
    "stapeling": "Poging tot stapeling",
    "uitkomst_afwijkend": "Uitkomst wijkt af van de benchmark",
    "kwaliteitsbewijs_verloopt": "Kwaliteitsbewijs verlopen",
    "budget": "Prognose boven het budgetplafond",
}
ERNST = {"afwijzing": "hoog", "budget": "hoog", "kwaliteitsbewijs_verloopt": "hoog"}


def _regios_van_aanbieder(apps, aanbieder_id, cache):
    if aanbieder_id in cache:
        return cache[aanbieder_id]
    Raamovereenkomst = apps.get_model("contractering", "Raamovereenkomst")
    Aanmelding = apps.get_model("contractering", "Aanmelding")
    Aanbieder = apps.get_model("contractering", "Aanbieder")
    Traject = apps.get_model("trajecten", "Traject")
    regios = set(
        Raamovereenkomst.objects.filter(aanbieder_id=aanbieder_id).values_list("inkoopmodel__regio_id", flat=True)
    )
    regios |= set(
        Aanmelding.objects.filter(aanbieder_id=aanbieder_id).values_list(
            "ronde__procedure__inkoopmodel__regio_id", flat=True
        )
    )
    regios |= set(Traject.objects.filter(aanbieder_id=aanbieder_id).values_list("gemeente__regio_id", flat=True))
    regios |= set(Aanbieder.objects.filter(pk=aanbieder_id).values_list("werkgebied__regio_id", flat=True))
    cache[aanbieder_id] = sorted(r for r in regios if r is not None)
    return cache[aanbieder_id]


def _regios_van_bewijs(apps, bewijs_id, cache):
    Kwaliteitsbewijs = apps.get_model("contractering", "Kwaliteitsbewijs")
    Inkoopmodel = apps.get_model("catalogus", "Inkoopmodel")
    b = (
        Kwaliteitsbewijs.objects.filter(pk=bewijs_id)
        .values("aanbieder_id", "kwaliteitseis__inkoopmodel__regio_id", "kwaliteitseis__wet")
        .first()
    )
    if b is None:
        return []
    if b["kwaliteitseis__inkoopmodel__regio_id"] is not None:
        return [b["kwaliteitseis__inkoopmodel__regio_id"]]
    regios = _regios_van_aanbieder(apps, b["aanbieder_id"], cache)
    if regios:
        return regios
    return sorted(set(Inkoopmodel.objects.filter(wet=b["kwaliteitseis__wet"]).values_list("regio_id", flat=True)))


def overnemen(apps, schema_editor):
    Nieuw = apps.get_model("signalen", "Signaal")
    Gemeente = apps.get_model("organisaties", "Gemeente")
    TrajectSignaal = apps.get_model("trajecten", "Signaal")
    Stapelpoging = apps.get_model("trajecten", "Stapelpoging")
    SturingSignaal = apps.get_model("sturing", "Signaal")
    Kwaliteitssignaal = apps.get_model("contractering", "Kwaliteitssignaal")

    regio_van = dict(Gemeente.objects.values_list("pk", "regio_id"))
    cache: dict = {}
    rows: dict[tuple[str, str], dict] = {}

    def add(soort, sleutel, **velden):
        velden.setdefault("titel", TITELS[soort])
        velden.setdefault("ernst", ERNST.get(soort, "aandacht"))
        return rows.setdefault((soort, sleutel), {"soort": soort, "sleutel": sleutel, **velden})

    def afgehandeld(row, op, door_id, toelichting):
        if row.get("status") == "afgehandeld" or op is None:
            return
        row.update(status="afgehandeld", afgehandeld_op=op, afgehandeld_door_id=door_id, toelichting=toelichting)

    # 1. declines and overdue acceptances
    traject_sleutel: dict[int, tuple[str, str]] = {}
    for s in TrajectSignaal.objects.values(
        "pk", "soort", "traject__uuid", "gemeente_id", "aanbieder_id", "omschrijving", "aangemaakt_op"
    ):
        soort = SOORTEN[s["soort"]]
        sleutel = f"traject:{s['traject__uuid']}"
        add(
            soort, sleutel,
            regio_id=regio_van[s["gemeente_id"]], gemeente_id=s["gemeente_id"], aanbieder_id=s["aanbieder_id"],
            onderwerp_type="traject", onderwerp_id=str(s["traject__uuid"]), omschrijving=s["omschrijving"],
            aangemaakt_op=s["aangemaakt_op"],
        )  # fmt: skip
        traject_sleutel[s["pk"]] = (soort, sleutel)

    # 2. the old signal centre
    for s in SturingSignaal.objects.order_by("pk").values():
        handling = (s["afgehandeld_op"], s["afgehandeld_door_id"], s["notitie"])
        if s["sleutel"].startswith("trajecten:"):
            key = traject_sleutel.get(int(s["sleutel"].split(":", 1)[1]))
            if key is not None:
                rows[key]["uuid"] = s["uuid"]
                afgehandeld(rows[key], *handling)
                continue
        soort = SOORTEN[s["soort"]]
        onderwerp = ("traject", str(s["traject_uuid"])) if s["traject_uuid"] else ("", "")
        if s["sleutel"].startswith("uitzondering:"):
            onderwerp = ("stapelinguitzondering", s["sleutel"].split(":", 1)[1])
        elif s["sleutel"].startswith("poging:") and not s["traject_uuid"]:
            onderwerp = ("stapelpoging", s["sleutel"].split(":", 1)[1])
        elif soort == "kwaliteitsbewijs_verloopt":
            onderwerp = ("kwaliteitsbewijs", s["sleutel"].split(":", 1)[1])
        elif soort == "budget" and s["gemeente_id"]:
            onderwerp = ("gemeente", str(s["gemeente_id"]))
        elif soort == "uitkomst_afwijkend" and s["aanbieder_id"]:
            onderwerp = ("aanbieder", str(s["aanbieder_id"]))
        if s["gemeente_id"] is not None:
            regios = [regio_van[s["gemeente_id"]]]
        elif soort == "kwaliteitsbewijs_verloopt":
            regios = _regios_van_bewijs(apps, int(s["sleutel"].split(":", 1)[1]), cache)
        elif s["aanbieder_id"] is not None:
            regios = _regios_van_aanbieder(apps, s["aanbieder_id"], cache)
        else:
            regios = []
        for i, regio_id in enumerate(regios):
            sleutel = s["sleutel"]
            if soort == "kwaliteitsbewijs_verloopt":
                sleutel = f"{sleutel}:regio:{regio_id}"
            elif soort == "uitkomst_afwijkend":  # old: aanbieder:<pk>:<yyyy-mm>, one per indicator
                _, aanbieder, maand = sleutel.split(":")
                sleutel = f"{INDICATOR[s['soort']]}:aanbieder:{aanbieder}:regio:{regio_id}:{maand}"
            row = add(
                soort, sleutel,
                regio_id=regio_id, gemeente_id=s["gemeente_id"], aanbieder_id=s["aanbieder_id"],
                onderwerp_type=onderwerp[0], onderwerp_id=onderwerp[1], omschrijving=s["omschrijving"],
                aangemaakt_op=s["aangemaakt_op"],
            )  # fmt: skip
            if i == 0:
                row.setdefault("uuid", s["uuid"])
            afgehandeld(row, *handling)

    # 3. expired quality evidence (contracting)
    for k in Kwaliteitssignaal.objects.order_by("pk").values():
        for regio_id in _regios_van_bewijs(apps, k["bewijs_id"], cache):
            row = add(
                "kwaliteitsbewijs_verloopt", f"bewijs:{k['bewijs_id']}:regio:{regio_id}",
                regio_id=regio_id, aanbieder_id=k["aanbieder_id"], onderwerp_type="kwaliteitsbewijs",
                onderwerp_id=str(k["bewijs_id"]), omschrijving=k["tekst"], aangemaakt_op=k["aangemaakt_op"],
            )  # fmt: skip
            afgehandeld(row, k["afgehandeld_op"], None, "")

    # 4. refused stacking attempts the old centre had not picked up yet
    for p in Stapelpoging.objects.values(
        "pk", "gemeente_id", "aanbieder_id", "inkoopmodel__naam", "op", "lopend_traject__uuid", "door_id"
    ):
        uuid = p["lopend_traject__uuid"]
        add(
            "stapeling", f"poging:{p['pk']}",
            regio_id=regio_van[p["gemeente_id"]], gemeente_id=p["gemeente_id"], aanbieder_id=p["aanbieder_id"],
            onderwerp_type="traject" if uuid else "stapelpoging", onderwerp_id=str(uuid) if uuid else str(p["pk"]),
            omschrijving=(
                f"Poging tot stapeling binnen {p['inkoopmodel__naam']} op {p['op']:%d-%m-%Y}: "
                "geweigerd, de cliënt heeft al een actief traject."
            ),
            aangemaakt_op=p["op"], aangemaakt_door_id=p["door_id"],
        )  # fmt: skip

    Nieuw.objects.bulk_create([Nieuw(**row) for row in rows.values()], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("signalen", "0001_signaal"),
        ("catalogus", "0001_initial"),
        ("contractering", "0004_historie_volgorde"),
        ("sturing", "0001_initial"),
        ("trajecten", "0002_stapelpoging"),
    ]

    operations = [migrations.RunPython(overnemen, migrations.RunPython.noop)]
