"""Scheduled job: bring the summary tables (indicators, budgets, payments) up to date and analyse the database.

Reads refresh the dirty cells themselves; this job does it ahead of the first reader (after a night of
invoice judging, for example). ``--alles`` rebuilds every summary from the rows (after a bulk load)."""

from django.core.management.base import BaseCommand

from uitkomst.declaraties import samenvatting as betalingen
from uitkomst.sturing import samenvatting as budget
from uitkomst.uitkomsten import samenvatting as indicatoren
from uitkomst.utils import db


class Command(BaseCommand):
    help = "Werk de samenvattingstabellen (indicatoren, budgetten) bij en analyseer de database."

    def add_arguments(self, parser):
        parser.add_argument("--alles", action="store_true", help="Bouw alle samenvattingen opnieuw op.")

    def handle(self, *args, alles=False, **options):
        if alles:
            db.na_bulkladen()
            self.stdout.write("Alle samenvattingen opnieuw opgebouwd; database geanalyseerd.")
            return
        n = indicatoren.bijwerken() + budget.bijwerken() + betalingen.bijwerken()
        db.analyseren()
        self.stdout.write(f"{n} gewijzigde maanden bijgewerkt; database geanalyseerd.")
