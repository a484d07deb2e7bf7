"""``uitkomst contractvormen_leer``: train the sentence classifier of the text reader.

Reads ``data/zinnen.yaml`` and writes ``data/model_zinnen.json`` (or ``--uit PAD``). Deterministic: the
same sentences give the same file. ``--controle`` only checks that the shipped model file is what the
training command produces now (exit code 1 when it is not)."""

from django.core.management.base import BaseCommand, CommandError

from uitkomst.contractvormen import zinmodel, zintraining


class Command(BaseCommand):
    help = "Traint de zinclassificatie van de tekstlezer op data/zinnen.yaml en schrijft data/model_zinnen.json."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--zinnen", default=str(zinmodel.ZINNEN_PAD), help="Gelabelde zinnen (YAML).")
        parser.add_argument("--uit", default=str(zinmodel.MODEL_PAD), help="Modelbestand (JSON) om te schrijven.")
        parser.add_argument(
            "--controle", action="store_true", help="Schrijf niets; controleer dat het modelbestand reproduceerbaar is."
        )

    def handle(self, *args, zinnen, uit, controle=False, **opts):
        import json
        from pathlib import Path

        model = zintraining.train(zinnen)
        if controle:
            path = Path(uit)
            if not path.exists() or json.loads(path.read_text(encoding="utf-8")) != model:
                raise CommandError(f"{uit} komt niet overeen met een nieuwe training op {zinnen}.", returncode=1)
            self.stdout.write(f"{uit} is reproduceerbaar ({model['zinnen']} zinnen).")
            return
        zinmodel.schrijf(model, uit)
        n = sum(len(v["gewichten"]) for v in model["vragen"].values())
        self.stdout.write(f"Model geschreven naar {uit}: {model['zinnen']} zinnen, {n} gewichten.")
