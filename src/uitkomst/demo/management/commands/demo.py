import gc
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from uitkomst.demo import services, wmo_gunning, wmo_pgb, wmo_producten, wmo_voorzieningen
from uitkomst.demo.subsidies import subsidies_bouwen
from uitkomst.utils import db, klok
from uitkomst.utils.errors import DomainError


@contextmanager
def _zuinige_gc():
    """The build makes millions of short-lived objects: the cycle collector's full passes over
    everything alive (Django's own objects included) cost a tenth of the build. The objects from
    before the build are frozen (never scanned again) and the youngest generation is collected less
    often; garbage is still collected, so memory stays flat. Put back as it was afterwards."""
    drempels = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*drempels)
        gc.unfreeze()


class Command(BaseCommand):
    help = "Bouwt een synthetische demoregio (IJsselland): gemeenten, fictieve aanbieders, cliënten en verwijzingen."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=2000, help="Aantal synthetische cliënten.")
        parser.add_argument("--seed", type=int, default=2018, help="Zaadgetal: zelfde zaad, zelfde gegevens.")
        parser.add_argument(
            "--regio",
            default=services.STANDAARD_REGIO,
            choices=sorted(services.REGIOS),
            help="Demoregio: ijsselland (trajecttarief en P×Q-overgang), rijnmond (weektarief), wbw (arrangementen).",
        )
        parser.add_argument("--if-empty", action="store_true", help="Niets doen als er al een demoregio is.")
        parser.add_argument("--no-progress", action="store_true", help="Geen voortgangsbalk.")

    def _phase(self, bar, name: str, started: float) -> None:
        bar.close()  # the client phase is done; later phases report by name with elapsed time
        # wall time and the build's own CPU time: on a shared machine wall time grows with the load
        self.stderr.write(
            f"[{time.monotonic() - started:6.1f} s, CPU {time.process_time() - self._cpu:6.1f} s] bezig met {name} …"
        )

    def handle(self, *args, clients, seed, if_empty, no_progress, regio=services.STANDAARD_REGIO, **options):
        if if_empty and services.demo_region_exists():
            self.stdout.write("Er is al een demoregio; niets gedaan (zonder --if-empty wordt zij opnieuw gebouwd).")
            return
        started, self._cpu = time.monotonic(), time.process_time()
        bar = tqdm(total=clients, unit=" cliënten", desc="Demoregio", disable=no_progress)
        with _zuinige_gc(), db.sqlite_bulkladen():  # bulk-load settings for the build only (SQLite)
            try:
                result = services.demo_region_build(
                    clients=clients,
                    seed=seed,
                    regio=regio,
                    progress=bar.update,
                    phase=lambda name: self._phase(bar, name, started),
                )
                if regio == "ijsselland":  # Zwolle's Wmo lines (document 003, issue 17), all synthetic
                    jaar = klok.vandaag().year
                    self._phase(bar, "Wmo-lijnen van Zwolle", started)
                    subsidies_bouwen(jaar=jaar - 1)  # sheltered housing and day activities through subsidies
                    wmo_voorzieningen.bouwen(jaar - 1)  # day activities per district as a collective provision
                    wmo_producten.bouwen(jaar=jaar - 1)  # home support, aids, transport through iWmo messages
                    wmo_gunning.bouwen(jaar=jaar)  # integral home support with a selected set of providers
                    wmo_pgb.bouwen(jaar - 1)  # some personal budgets instead of care in kind
                self._phase(bar, "samenvattingen en ANALYZE", started)
                services.statistieken_bijwerken()  # summaries and ANALYZE: fresh statistics for the planner
            except DomainError as exc:
                raise CommandError(exc.message, returncode=2) from exc
            finally:
                bar.close()
        self.stdout.write(
            f"Demoregio gebouwd in {time.monotonic() - started:.1f} s (CPU {time.process_time() - self._cpu:.1f} s): "
            f"{result.gemeenten} gemeenten, "
            f"{result.aanbieders} fictieve aanbieders, {result.clienten} synthetische cliënten, "
            f"{result.verwijzingen} verwijzingen (seed {seed}). Alle gegevens zijn synthetisch."
        )
