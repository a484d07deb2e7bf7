"""``uitkomst contractvormen_leer``: train the sentence classifier of the text reader.

Reads ``data/zinnen.yaml`` and ``data/zinnen_echt.yaml`` (or ``--zinnen PAD ...``) and writes
``data/model_zinnen.json`` (or ``--uit PAD``). Deterministic: the
same sentences give the same file. ``--controle`` only checks that the shipped model file is what the
training command produces now (exit code 1 when it is not)."""

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import zinmodel, zintraining


class Command(BaseCommand):
    help = (
        "Traint de zinclassificatie van de tekstlezer op data/zinnen.yaml en data/zinnen_echt.yaml en schrijft "
        "data/model_zinnen.json."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--zinnen",
            nargs="+",
            default=[str(p) for p in zinmodel.zinnen_paden()],
            help="Gelabelde zinnen (YAML), een of meer bestanden (standaard zinnen.yaml en zinnen_echt.yaml).",
        )
        parser.add_argument("--uit", default=str(zinmodel.MODEL_PAD), help="Modelbestand (JSON) om te schrijven.")
        parser.add_argument(
            "--controle", action="store_true", help="Schrijf niets; controleer dat het modelbestand reproduceerbaar is."
        )

        parser.add_argument(
            "--kruisvalidatie",
            action="store_true",
            help="Schrijf niets; toets het model per bron op de echte zinnen die het niet heeft gezien.",
        )

    def handle(self, *args, zinnen, uit, controle=False, kruisvalidatie=False, **opts):
        import json
        from pathlib import Path

        if kruisvalidatie:
            if len(zinnen) < 2:
                raise CommandError("Kruisvalidatie vraagt een tweede bestand met echte zinnen (met bron).")
            self._kruisvalidatie(zintraining.kruisvalidatie(zinnen))
            return
        model = zintraining.train(zinnen)
        if controle:
            path = Path(uit)
            if not path.exists() or json.loads(path.read_text(encoding="utf-8")) != model:
                raise CommandError(
                    f"{uit} komt niet overeen met een nieuwe training op {', '.join(zinnen)}.", returncode=1
                )
            self.stdout.write(f"{uit} is reproduceerbaar ({model['zinnen']} zinnen).")
            return
        zinmodel.schrijf(model, uit)
        n = sum(len(v["gewichten"]) for v in model["vragen"].values())
        self.stdout.write(f"Model geschreven naar {uit}: {model['zinnen']} zinnen, {n} gewichten.")

    def _kruisvalidatie(self, r: dict) -> None:
        self.stdout.write(
            f"Kruisvalidatie over {r['bronnen']} bronnen in {r['delen']} delen: per waarde de zinnen die het "
            f"model zonder hun bron terugvindt (kans >= alleen / >= steun)."
        )
        tot = {"zinnen": 0, "alleen": 0, "steun": 0}
        for naam, t in r["waarden"].items():
            self.stdout.write(f"  {naam:34} {t['alleen']:4} / {t['steun']:4} van {t['zinnen']:4}")
            for k in tot:
                tot[k] += t[k]
        self.stdout.write(f"  {'alle waarden':34} {tot['alleen']:4} / {tot['steun']:4} van {tot['zinnen']:4}")
        self.stdout.write("Vals alarm: zinnen zonder waarde voor de vraag die toch een waarde krijgen.")
        for vraag, t in r["vals_alarm"].items():
            self.stdout.write(f"  {vraag:34} {t['alleen']:4} / {t['steun']:4} van {t['zinnen']:4}")
