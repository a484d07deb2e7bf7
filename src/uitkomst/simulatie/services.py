"""Funding simulation: the same expected inflow funded five ways, side by side (issue 16).

For a municipality or the whole region and a future year, the inflow per profile x intensity and
the distribution of the real (effort) cost per client come from the region's own reference year
(``tariefontwerp``); the trajectory tariffs from the catalogue. Each funding form is a payment
function ``g(x, d)`` of a client's effort cost ``x`` and duration ``d``:

- P×Q (inspanningsgericht): the effort, lengthened and stacked: ``x (1 + v) (1 + s m)``;
- client-following budget: the effort, up to a fixed budget per client type: ``min(x (1 + b) (1 + s m), B)``;
- result per trajectory: the catalogue's fixed tariff ``T``, whatever the effort; one responsible
  provider, so no stacking; the provider's own cost is ``x (1 - y)``;
- weekly tariff: ``T / mean weeks`` per week of (slightly longer) duration;
- population / lump sum per district: a fixed amount per district, whatever happens.

Behaviour is never hidden: every assumption is a named parameter (``PARAMETERS``) with a default
and a source or the word "aanname", and ``gevoeligheid`` shows how the result moves with each.
Monte Carlo (fixed seed, N runs) draws the inflow per cell (Poisson) and the clients' costs from
the historical distribution: exact bootstrap draws for small cells, the normal limit of the sum
(its mean and variance taken from the empirical distribution) for large ones. The same random
numbers are used for every funding form and every parameter value (common random numbers), so a
comparison moves only because the funding moves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from uitkomst.accounts import policy
from uitkomst.catalogus.models import Inkoopmodel
from uitkomst.catalogus.selectors import tarieven_op_datum
from uitkomst.contractering.models import Aanbieder
from uitkomst.organisaties.models import Gemeente, Regio
from uitkomst.tariefontwerp import selectors as ontwerp
from uitkomst.utils import klok
from uitkomst.utils.errors import DomainError, Problem, ValidationFailed

from .models import Simulatierun

VORMEN = {
    "pxq": "P×Q (inspanningsgericht)",
    "budget": "Cliëntvolgend budget",
    "traject": "Resultaat per traject",
    "week": "Weektarief",
    "populatie": "Populatiebekostiging (lumpsum per wijk)",
}
RISICO = {
    "pxq": "gemeente: elke extra inzet wordt betaald (volume en duur)",
    "budget": "gedeeld: tot het budget de gemeente, daarboven de aanbieder",
    "traject": "aanbieder per cliënt (inzet boven het tarief); de gemeente draagt het aantal cliënten",
    "week": "gedeeld: de duur bij de gemeente, de intensiteit per week bij de aanbieder",
    "populatie": "aanbieder: aantal cliënten én inzet; de gemeente betaalt een vast bedrag",
}
SMALL_CELL = 40  # exact bootstrap below this many clients in a run's cell, the normal limit above


@dataclass(frozen=True)
class Parameter:
    naam: str
    omschrijving: str
    standaard: float
    laag: float
    hoog: float
    bron: str  # a source document, or "aanname"


PARAMETERS = {
    p.naam: p
    for p in [
        Parameter("pxq_verlenging", "P×Q verlengt de zorg (extra inzet)", 0.10, 0.0, 1.0,
                  "aanname (richting: document 001, inputbekostiging beloont volume)"),
        Parameter("stapeling_aandeel", "aandeel cliënten met zorg van meer aanbieders tegelijk", 0.15, 0.0, 1.0,
                  "aanname"),
        Parameter("stapeling_meerkosten", "meerkosten van gestapelde zorg (fractie)", 0.30, 0.0, 2.0, "aanname"),
        Parameter("budget_verlenging", "een cliëntvolgend budget wordt opgemaakt (extra inzet)", 0.05, 0.0, 1.0,
                  "aanname"),
        Parameter("budget_niveau", "budget per cliënttype als fractie van de gemiddelde inzet", 1.0, 0.5, 2.0,
                  "aanname"),
        Parameter("traject_verkorting", "een vaste prijs verkort de inzet van de aanbieder", 0.10, 0.0, 0.9,
                  "aanname (richting: documenten 002/003, prikkel tot doelmatigheid)"),
        Parameter("week_verlenging", "een weektarief verlengt de duur", 0.05, 0.0, 1.0,
                  "aanname (richting: document 004, betaling per week)"),
        Parameter("lumpsum_niveau", "lumpsum als fractie van de verwachte P×Q-kosten", 0.95, 0.1, 3.0, "aanname"),
        Parameter("lumpsum_instroomdaling", "een lumpsum verlaagt de instroom (preventie, afschalen)", 0.05, 0.0,
                  0.9, "aanname (richting: document 001, prikkel om inzet te beperken)"),
        Parameter("instroom_groei", "groei van de instroom per jaar na het referentiejaar", 0.0, -0.5, 0.5,
                  "aanname"),
        Parameter("inwoners_per_wijk", "inwoners per wijk (populatiebekostiging)", 30000, 1000, 1_000_000,
                  "aanname"),
        Parameter("contractanten_per_wijk", "contractanten per wijk bij populatiebekostiging (0 = onbeperkt)", 1, 0,
                  3, "document 001: populatiebekostiging gaat niet samen met onbeperkt veel contractanten"),
    ]
}  # fmt: skip
RUNS_MAX = 20_000


def _check(params: dict, runs: int, jaar: int) -> dict:
    problems: list[Problem] = []
    values = {}
    for name in params:
        if name not in PARAMETERS:
            problems.append(Problem("parameter_onbekend", f"Onbekende parameter '{name}'.", name))
    for name, p in PARAMETERS.items():
        raw = params.get(name, p.standaard)
        try:
            v = float(raw)
        except (TypeError, ValueError):
            problems.append(Problem("parameter_ongeldig", f"{p.omschrijving}: '{raw}' is geen getal.", name))
            continue
        if not np.isfinite(v) or v < p.laag or v > p.hoog:
            code = "parameter_negatief" if v < 0 and p.laag >= 0 else "parameter_buiten_bereik"
            problems.append(Problem(code, f"{p.omschrijving}: {raw} ligt buiten {p.laag} tot {p.hoog}.", name))
            continue
        values[name] = v
    if "contractanten_per_wijk" in values and values["contractanten_per_wijk"] == 0:
        problems.append(Problem(
            "populatie_onbeperkt_aanbieders",
            "Populatiebekostiging gaat niet samen met een onbeperkt aantal contractanten (document 001): kies "
            "één tot drie contractanten (of een consortium) per wijk.",
            "contractanten_per_wijk",
        ))  # fmt: skip
    if not (1 <= runs <= RUNS_MAX):
        problems.append(Problem("runs_ongeldig", f"Het aantal runs moet tussen 1 en {RUNS_MAX:,} liggen.", "runs"))
    if jaar < klok.vandaag().year or jaar > klok.vandaag().year + 10:
        problems.append(Problem("periode_niet_toekomst", f"Kies een jaar van nu tot tien jaar vooruit (niet {jaar}).",
                                "jaar"))  # fmt: skip
    if problems:
        raise ValidationFailed.from_problems(problems)
    return values


def _eur(v: float) -> Decimal:
    return ontwerp.cent(v)


def _payments(p: dict, x: np.ndarray, d: np.ndarray, tarief: float, weken_gem: float, budget_b: float) -> dict:
    """Per funding form the municipality's payment and the provider's own cost, for clients (x, d)."""
    stack = 1 + p["stapeling_aandeel"] * p["stapeling_meerkosten"]
    pxq = x * (1 + p["pxq_verlenging"]) * stack
    weeks = d / 7.0 * (1 + p["week_verlenging"])
    return {
        "pxq": (pxq, pxq),
        "budget": (np.minimum(x * (1 + p["budget_verlenging"]) * stack, budget_b), x * (1 + p["budget_verlenging"])
                   * stack),
        "traject": (np.full_like(x, tarief), x * (1 - p["traject_verkorting"])),
        "week": (weeks * (tarief / weken_gem), x),
        "populatie": (None, x * (1 - p["traject_verkorting"])),
    }  # fmt: skip


def simuleer(
    *,
    user,
    regio,
    gemeente: Gemeente | None = None,
    jaar: int,
    parameters: dict | None = None,
    runs: int = 1000,
    seed: int = 2018,
    inkoopmodel: Inkoopmodel | None = None,
    historie=None,
    gevoeligheid: bool = True,
    voortgang=None,
) -> dict:
    """``voortgang(stap, van)``: optional progress callback for long runs (the task reports it)."""
    policy.vereis(user, "simulatie.lezen", gemeente or regio)
    voortgang = voortgang or (lambda _stap, _van: None)
    p = _check(parameters or {}, runs, jaar)
    inkoopmodel = inkoopmodel or Inkoopmodel.objects.filter(regio=regio, code="ijsselland-jeugd-2018").first()
    historie = historie or ontwerp.laatste_historie(regio=regio)
    if historie is None or inkoopmodel is None:
        raise ValidationFailed("Er is geen historie of inkoopmodel om mee te rekenen.", code="periode_zonder_data")
    if gemeente is not None and gemeente.regio_id != regio.pk:
        raise ValidationFailed(f"Gemeente {gemeente} hoort niet bij regio {regio}.", code="andere_regio")
    alles = ontwerp.clientkosten(historie, inkoopmodel, ontwerp.koppelingen_met_voorstel(historie, inkoopmodel))
    basis = _basis(alles, gemeente, inkoopmodel, jaar, historie.referentiejaar, p)
    voortgang(1, 3)
    result = _run(basis, p, runs, seed)
    voortgang(2, 3)
    result.update(
        {
            "regio": regio.naam,
            "gemeente": gemeente.naam if gemeente else None,
            "jaar": jaar,
            "runs": runs,
            "seed": seed,
            "historie": str(historie),
            "synthetisch": historie.is_synthetisch,
            "parameters": [
                {"naam": k, "omschrijving": v.omschrijving, "waarde": p[k], "standaard": v.standaard, "bron": v.bron}
                for k, v in PARAMETERS.items()
            ],
        }
    )
    if gevoeligheid:
        result["gevoeligheid"] = _gevoeligheid(basis, p)
    voortgang(3, 3)
    return result


@dataclass
class _Basis:
    lam: np.ndarray  # expected inflow per cell
    samples: list[tuple[np.ndarray, np.ndarray]]  # per cell: historical (cost, duration days), region-wide
    tarief: np.ndarray
    weken: np.ndarray
    budget_b: np.ndarray
    aanbieder_share: list[dict]  # per cell: provider id -> share of clients
    grootte: dict
    gemeente_share: list[dict]
    gemeente_naam: dict
    wijken: int
    producten_per_client: float


def _basis(alles, gemeente, inkoopmodel, jaar, refjaar, p) -> _Basis:
    scope = alles.van_gemeente(gemeente.pk if gemeente else None)
    n_cells = len(alles.cellen)
    groei = (1 + p["instroom_groei"]) ** max(0, jaar - refjaar)
    lam = np.array([(scope.cel == c).sum() for c in range(n_cells)], dtype=float) * groei
    if lam.sum() == 0:
        raise ValidationFailed("De historie heeft geen cliënten voor deze gemeente.", code="periode_zonder_data")
    datum = dt.date(jaar, 1, 1)
    per_cell = {}
    for prof, inten, bedrag in tarieven_op_datum(datum).filter(product__inkoopmodel=inkoopmodel).values_list(
        "product__profiel__code", "product__intensiteit__code", "bedrag"
    ):
        per_cell[(prof, inten)] = float(bedrag)
    samples, tarief, weken, budget_b, a_share, g_share = [], [], [], [], [], []
    for c, cel in enumerate(alles.cellen):
        m = alles.cel == c
        x, d = alles.kosten[m], alles.duur_dagen[m]
        if len(x) == 0:
            x, d = np.array([0.0]), np.array([1.0])
        samples.append((x, d))
        tarief.append(per_cell.get(cel, float(x.mean())))
        weken.append(max(1.0, float(d.mean()) / 7.0))
        budget_b.append(float(x.mean()) * p["budget_niveau"])
        ms = scope.cel == c
        ids, counts = np.unique(scope.aanbieder_id[ms], return_counts=True)
        a_share.append({int(i): k / counts.sum() for i, k in zip(ids, counts, strict=True)} if len(ids) else {})
        gids, gcounts = np.unique(scope.gemeente_id[ms], return_counts=True)
        g_share.append({int(i): k / gcounts.sum() for i, k in zip(gids, gcounts, strict=True)} if len(gids) else {})
    gemeenten = list(Gemeente.objects.filter(pk=gemeente.pk) if gemeente else Gemeente.objects.filter(
        pk__in=np.unique(scope.gemeente_id).tolist()))  # fmt: skip
    wijken = sum(max(1, round((g.inwoners or 10000) / p["inwoners_per_wijk"])) for g in gemeenten)
    all_ids = {i for s in a_share for i in s}
    grootte = dict(Aanbieder.objects.filter(pk__in=all_ids).values_list("pk", "grootte"))
    return _Basis(
        lam=lam, samples=samples, tarief=np.array(tarief), weken=np.array(weken), budget_b=np.array(budget_b),
        aanbieder_share=a_share, grootte=grootte, gemeente_share=g_share,
        gemeente_naam={g.pk: g.naam for g in gemeenten}, wijken=wijken, producten_per_client=2.0,
    )  # fmt: skip


def _cell_moments(b: _Basis, p: dict):
    """Per cell and form: mean and variance of the municipality's payment and of the provider's cost."""
    out = []
    for c, (x, d) in enumerate(b.samples):
        pay = _payments(p, x, d, b.tarief[c], b.weken[c], b.budget_b[c])
        out.append({f: (pay[f][0], pay[f][1]) for f in pay})
    return out


def _verwachting(b: _Basis, p: dict) -> dict:
    """Expected yearly cost per form (no sampling): inflow x mean payment; the lump sum per its rule."""
    mom = _cell_moments(b, p)
    tot = dict.fromkeys(VORMEN, 0.0)
    for c, cell in enumerate(mom):
        for f in ("pxq", "budget", "traject", "week"):
            tot[f] += b.lam[c] * float(cell[f][0].mean())
    tot["populatie"] = tot["pxq"] * p["lumpsum_niveau"]
    return tot


def _run(b: _Basis, p: dict, runs: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n_cells = len(b.samples)
    counts = rng.poisson(b.lam, size=(runs, n_cells))  # inflow per run and cell
    counts_pop = rng.binomial(counts, 1 - p["lumpsum_instroomdaling"])  # fewer clients under a lump sum
    z = rng.standard_normal((runs, n_cells))
    idx = [rng.integers(0, len(s[0]), size=(runs, SMALL_CELL)) for s in b.samples]
    mask = np.arange(SMALL_CELL)[None, :]
    mom = _cell_moments(b, p)
    forms = ("pxq", "budget", "traject", "week")
    gemeente_totaal = {f: np.zeros(runs) for f in forms}
    aanbieder_kosten = {f: np.zeros(runs) for f in (*forms, "populatie")}
    verwacht_cel = {f: np.zeros(n_cells) for f in forms}

    def sums(values: np.ndarray, c: int, n: np.ndarray) -> np.ndarray:
        small = n < SMALL_CELL
        exact = (values[idx[c]] * (mask < n[:, None])).sum(axis=1)
        mu, sd = values.mean(), values.std()
        approx = n * mu + np.sqrt(n) * sd * z[:, c]
        return np.where(small, exact, np.maximum(approx, 0.0))

    for c in range(n_cells):
        n = counts[:, c]
        for f in forms:
            pay, own = mom[c][f]
            gemeente_totaal[f] += sums(pay, c, n)
            aanbieder_kosten[f] += sums(own, c, n)
            verwacht_cel[f][c] = b.lam[c] * pay.mean()
        aanbieder_kosten["populatie"] += sums(mom[c]["populatie"][1], c, counts_pop[:, c])
    # per-client overrun risk of the provider: the share of clients whose own cost exceeds the payment
    boven = dict.fromkeys(VORMEN, 0.0)
    for c in range(n_cells):
        for f in forms:
            pay, own = mom[c][f]
            boven[f] += b.lam[c] * float((own > pay + 0.005).mean())
    boven = {f: v / max(b.lam.sum(), 1e-9) for f, v in boven.items()}
    verwacht = _verwachting(b, p)
    lumpsum = verwacht["populatie"]
    gemeente_totaal["populatie"] = np.full(runs, lumpsum)

    # revenue per provider (expected): its share of each cell's clients; the lump sum to the district
    # contractors, the largest providers of the scope (document 001: the main contractor is typically large)
    volume = {}
    for c in range(n_cells):
        for a, s in b.aanbieder_share[c].items():
            volume[a] = volume.get(a, 0.0) + s * b.lam[c]
    omzet = {f: {} for f in VORMEN}
    for f in forms:
        for c in range(n_cells):
            for a, s in b.aanbieder_share[c].items():
                omzet[f][a] = omzet[f].get(a, 0.0) + s * verwacht_cel[f][c]
    k = max(1, int(b.wijken * p["contractanten_per_wijk"]))
    ranked = sorted(volume, key=lambda a: (-volume[a], a))
    large = [a for a in ranked if b.grootte.get(a) == "groot"]
    contractors = (large or ranked)[:k] or [0]  # a district goes to a large provider (or consortium) if any
    for a in contractors:
        omzet["populatie"][a] = lumpsum / len(contractors)
    weken_tot = sum(b.lam[c] * b.samples[c][1].mean() / 7 for c in range(n_cells))
    clients = float(b.lam.sum())
    maanden = sum(b.lam[c] * min(12.0, b.samples[c][1].mean() / 30.44) for c in range(n_cells))
    aanbieders = len(volume)
    last = {
        "pxq": (maanden * b.producten_per_client, clients * b.producten_per_client * 4 + aanbieders * 12),
        "budget": (maanden * b.producten_per_client, clients * 4 + aanbieders * 12),
        "traject": (clients * 2, clients * 4 + aanbieders * 12),
        "week": (weken_tot / 4.33, clients * 4 + aanbieders * 12),
        "populatie": (b.wijken * 12, b.wijken * 12),
    }
    vormen = []
    pxq_groot = None
    for f, naam in VORMEN.items():
        tot = gemeente_totaal[f]
        q = np.percentile(tot, [5, 50, 95])
        rev = omzet[f]
        groot = sum(v for a, v in rev.items() if b.grootte.get(a) == "groot")
        share_groot = groot / sum(rev.values()) if rev else 0.0
        if f == "pxq":
            pxq_groot = share_groot
        revenue_total = float(tot.mean())
        marge = revenue_total - float(aanbieder_kosten[f].mean())
        per_gemeente = {}
        for c in range(n_cells):
            cell_cost = verwacht_cel[f][c] if f != "populatie" else verwacht_cel["pxq"][c] * p["lumpsum_niveau"]
            for g, s in b.gemeente_share[c].items():
                per_gemeente[g] = per_gemeente.get(g, 0.0) + s * cell_cost
        vormen.append(
            {
                "vorm": f,
                "naam": naam,
                "totaal_gemiddeld": _eur(tot.mean()),
                "totaal_p5": _eur(q[0]),
                "totaal_mediaan": _eur(q[1]),
                "totaal_p95": _eur(q[2]),
                "spreiding_p95_p5": _eur(q[2] - q[0]),
                "overschrijdingsrisico": RISICO[f],
                "kans_boven_pxq_verwachting": round(float((tot > verwacht["pxq"]).mean()), 4),
                "aanbieders_marge": _eur(marge),
                "aanbieders_kans_verlies": round(float((tot < aanbieder_kosten[f]).mean()), 4),
                "aandeel_clienten_boven_vergoeding": round(float(boven[f]), 4) if f != "populatie" else None,
                "per_gemeente": [
                    {"gemeente": b.gemeente_naam.get(g, str(g)), "kosten": _eur(v)}
                    for g, v in sorted(per_gemeente.items(), key=lambda t: b.gemeente_naam.get(t[0], ""))
                ],
                "omzet_per_aanbieder": {str(a): _eur(v) for a, v in sorted(rev.items())},
                "aandeel_grote_aanbieders": round(float(share_groot), 4),
                "verschuiving_groot_tov_pxq": round(float(share_groot - (pxq_groot or 0.0)), 4),
                "declaratieregels_per_jaar": int(round(last[f][0])),
                "berichten_per_jaar": int(round(last[f][1])),
            }
        )
    return {"verwachte_instroom": int(round(clients)), "wijken": b.wijken, "vormen": vormen}


def _gevoeligheid(b: _Basis, p: dict) -> list[dict]:
    """How the expected total per form moves when one behavioural parameter is set to its low and high value."""
    base = _verwachting(b, p)
    rows = []
    for name, spec in PARAMETERS.items():
        if name in ("inwoners_per_wijk", "contractanten_per_wijk", "instroom_groei"):
            continue
        for label, value in (("laag", spec.laag), ("hoog", min(spec.hoog, max(spec.standaard * 2, spec.laag + 0.1)))):
            q = dict(p, **{name: value})
            if name == "budget_niveau":
                b2 = _Basis(**{**b.__dict__, "budget_b": b.budget_b / p["budget_niveau"] * value})
            else:
                b2 = b
            t = _verwachting(b2, q)
            rows.append(
                {
                    "parameter": name,
                    "variant": label,
                    "waarde": value,
                    **{f: _eur(t[f]) for f in VORMEN},
                    **{f"{f}_verschil": _eur(t[f] - base[f]) for f in VORMEN},
                }
            )
    return rows


# --- long runs as tasks ------------------------------------------------------------------------

RUNS_DIRECT = 2_000  # a page runs up to this many runs at once; more run as a task with progress


def _json(value):
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return str(value) if isinstance(value, Decimal) else value


def run_starten(*, user, regio, gemeente=None, jaar: int, runs: int, seed: int = 2018, parameters=None):
    """Record a simulation to run as a task. The input is judged now (a refusal never becomes a task);
    the caller queues ``tasks.simulatierun`` with the run's id."""
    policy.vereis(user, "simulatie.lezen", gemeente or regio)
    _check(parameters or {}, runs, jaar)
    if gemeente is not None and gemeente.regio_id != regio.pk:
        raise ValidationFailed(f"Gemeente {gemeente} hoort niet bij regio {regio}.", code="andere_regio")
    return Simulatierun.objects.create(
        aangemaakt_door=user,
        invoer={"regio": regio.code, "gemeente": gemeente.cbs_code if gemeente else None, "jaar": jaar,
                "runs": runs, "seed": seed, "parameters": dict(parameters or {})},  # fmt: skip
    )


def run_uitvoeren(run) -> None:
    """Run a recorded simulation, writing its progress after every step and then its result or refusal."""
    i = run.invoer
    regio = Regio.objects.get(code=i["regio"])
    gemeente = Gemeente.objects.get(cbs_code=i["gemeente"]) if i.get("gemeente") else None

    def voortgang(stap: int, van: int) -> None:
        Simulatierun.objects.filter(pk=run.pk).update(stap=stap, van=van)

    try:
        result = simuleer(user=run.aangemaakt_door, regio=regio, gemeente=gemeente, jaar=i["jaar"], runs=i["runs"],
                          seed=i["seed"], parameters=i.get("parameters") or {}, voortgang=voortgang)  # fmt: skip
        Simulatierun.objects.filter(pk=run.pk).update(resultaat=_json(result), klaar_op=klok.nu())
    except DomainError as exc:
        fout = {"code": exc.code, "message": exc.message,
                "problems": [{"code": p.code, "message": p.message} for p in exc.problems]}  # fmt: skip
        Simulatierun.objects.filter(pk=run.pk).update(fout=fout, klaar_op=klok.nu())
