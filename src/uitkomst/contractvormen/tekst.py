"""Reading Dutch procurement text: the contract-form reader.

Everything runs offline and is explained by its evidence. The steps:

1. **Sentences with their place** (``zinnen_met_plaats``): paragraphs, bullets and sentences (with
   Dutch abbreviations such as "o.a." and "i.p.v." kept intact), each with its offsets in the
   document text and the section it stands in.
2. **Tokens**: lower case, accents dropped, a few multi-word terms joined ("P x Q", "prijs maal
   hoeveelheid" -> ``pxq``; "open house" -> ``openhouse``; "i.p.v." -> "in plaats van"), each token
   with its lemma from simplemma; an unknown compound is lemmatised on its head ("trajectprijzen"
   -> "trajectprijs").
3. **Patterns** (``data/lexicon.yaml``): per answer and value, phrases of the field with a weight.
   A phrase is a sequence of terms (a word, alternatives ``a|b``, a prefix ``pre*``, a suffix
   ``*suf``, a concept ``@toegang`` such as wijkteam/consulent/regisseur, ``NEG`` for a negation)
   that must occur in order in one sentence with small gaps.
4. **Negation, modality, time**: a match right after a negation in the same clause ("geen
   omzetgarantie", "niet langer per uur", "in plaats van uren") or with a negation inside it does
   not count; a match in a sentence that only considers something ("onderzoekt of", "overweegt")
   counts for ``factoren.modaal``; a match in a sentence about the old situation ("voorheen",
   "tot en met 2021 kocht ...", "het oude prijs-maal-aantal-model") does not count for the form
   the text describes.
5. **Explicit silence**: a sentence that says the text does not describe something ("wie de
   aanbieder kiest, wordt niet beschreven") is no evidence, and it marks the questions it names as
   explicitly silent, so no dependency rule fills them in.
6. **Decision**: per answer the evidence weights are summed per value; the best value is proposed
   when its weight reaches ``drempels.score``, beats the runner-up by ``drempels.marge`` and its
   confidence (share of the evidence, damped when there is little) reaches
   ``drempels.zekerheid``. Otherwise the answer stays ``onbekend``.
7. **Dependencies between the choices** (document 001): rules *suggest* a value for an unknown
   answer from known ones ("one main contractor: the municipality chose the provider"); the
   answer itself stays ``onbekend`` and the suggestion (``Voorstel.suggestie``, herkomst
   ``afgeleid``, with the rule) is shown and scored apart. Answers that 001 calls inconsistent
   (population funding with unlimited providers) are not both kept: the weaker one goes back to
   ``onbekend`` with the reason.

Every proposal carries its evidence sentences with their section and offsets, a confidence and
where it came from (``tekst`` or ``geen``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import yaml

from .classificatie import DATA_DIR, ONBEKEND, SLEUTELS
from .documenten import MAX_DOCUMENT_BYTES, Document, Kop, koppen_uit_tekst, lees_document  # noqa: F401

MAX_EVIDENCE = 3
DEFAULT_GAP = 3
LONG_GAP = 8


@cache
def lexicon() -> dict:
    return yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text(encoding="utf-8"))


# --- normalisation and lemmas ------------------------------------------------------------------------


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_JOIN = [
    (re.compile(r"\bp\s*[x×*]\s*q\b"), " pxq "),
    (re.compile(r"\bprijs[\s-]*(?:x|×|maal|keer)[\s-]*(?:hoeveelheid|aantal|volume)\b"), " pxq "),
    (re.compile(r"\b(?:één|eén|éen)\b"), " 1 "),
    (re.compile(r"\bin plaats daarvan\b"), " daarentegen "),
    (re.compile(r"\bi\.?\s?p\.?\s?v\.?(?=\s)|\bin plaats van\b"), " ipv "),
    (re.compile(r"\btransitie[\s-]*arrangement"), " transitiearrangement"),
    (re.compile(r"\bniet-(?=[^\W\d_])"), "niet"),  # "niet-openbare aanbesteding" is an adjective, no negation
    (re.compile(r"\bopen[\s-]*house\b"), " openhouse "),
    (re.compile(r"\blump[\s-]+sum"), " lumpsum"),
    (re.compile(r"\bt/m\b"), " tot en met "),
    (re.compile(r"\bo\.a\.|\bbijv\.|\bbv\.|\be\.d\.|\bca\.|\bd\.w\.z\."), " "),
]
_WORD = re.compile(r"[^\W_]+")
_CLAUSE = re.compile(r"[,;:()\[\]–—]|\s-\s|(?=\b(?:maar|terwijl|want|zodat|waarna|hoewel|echter|doch|nu)\b)")


@lru_cache(maxsize=1)
def _simplemma():
    import simplemma

    return simplemma


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The lemma of one lower-case word (accents kept), compounds on their head; accents dropped."""
    sm = _simplemma()
    if word.startswith("ge") and word.endswith(("de", "te")) and sm.is_known(word[:-1], lang="nl"):
        word = word[:-1]  # an inflected past participle: "gekoppelde" -> "gekoppeld" -> "koppelen"
    lem = sm.lemmatize(word, lang="nl")
    if lem == word and len(word) >= 8 and not sm.is_known(word, lang="nl"):
        for i in range(3, len(word) - 3):
            head = word[i:]
            if sm.is_known(head, lang="nl"):
                head_lemma = sm.lemmatize(head, lang="nl")
                if head_lemma != head and head_lemma.isalpha():
                    lem = word[:i] + head_lemma
                break
    return _strip_accents(lem.lower())


@dataclass(frozen=True)
class Tok:
    s: str  # surface, lower case without accents
    lem: str
    clause: int


def _prepare(text: str) -> str:
    text = text.lower()
    for pattern, repl in _JOIN:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=100_000)
def _surface(word: str) -> str:
    return _strip_accents(word)


def tokeniseer(text: str) -> list[Tok]:
    """Tokens of one sentence with lemma and clause number."""
    out: list[Tok] = []
    for n, part in enumerate(_CLAUSE.split(_prepare(text))):
        for word in _WORD.findall(part or ""):
            out.append(Tok(s=_surface(word), lem=lemma(word), clause=n))
    return out


def tokens(text: str) -> list[str]:
    """Lemmas of a text (the treatment sentences and phrases share)."""
    return [t.lem for t in tokeniseer(text)]


# --- sentences with their place -----------------------------------------------------------------------

_ABBREV = {
    "o.a", "a", "bijv", "bv", "ca", "nr", "art", "e.d", "m.b.t", "t.b.v", "i.p.v", "incl", "excl", "resp", "jl",
    "d.w.z", "z.g", "mr", "dhr", "mevr", "drs", "ir", "dr", "prof", "st", "e.a", "vs", "blz", "pag", "max", "min",
    "vgl", "evt", "zgn", "mln", "mld", "nl", "jr", "t.o.v", "m.i.v", "i.v.m", "c.q", "o.b.v", "n.a.v", "e.e.a",
}  # fmt: skip
_SENT_END = re.compile(r"[.!?](?=[\"'”’)]?\s+[\"'“‘(]?[A-ZÀ-Ý0-9])")
_PARA = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_BULLET = re.compile(r"\n[ \t]*(?:[•\-*·–▪◦]|\d{1,2}[.)]|[a-z][.)])[ \t]+")


@dataclass
class Zin:
    tekst: str
    begin: int
    eind: int
    sectie: str | None = None


def _sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, pos = [], start
    for m in _SENT_END.finditer(text, start, end):
        cut = m.start() + 1
        before = text[pos : m.start()].rsplit(None, 1)
        word = before[-1].lower().strip("(\"'") if before else ""
        short = word in _ABBREV or (len(word) == 1 and word.isalpha()) or re.fullmatch(r"\d{1,2}", word or "x")
        if short and text[m.start()] == ".":
            continue
        spans.append((pos, cut))
        pos = cut
    spans.append((pos, end))
    return spans


def zinnen_met_plaats(text: str, koppen: list[Kop] | None = None) -> list[Zin]:
    """Sentences of a document with offsets and section. Headings are their own "sentence" but are
    returned with ``sectie`` set to themselves, so callers can skip them."""
    if koppen is None:
        koppen = koppen_uit_tekst(text)
    kop_begins = {k.begin: k.titel for k in koppen}
    cuts: set[int] = set()
    for k in koppen:
        cuts.add(k.begin)
        line_end = text.find("\n", k.begin)
        cuts.add(len(text) if line_end < 0 else line_end)
    for m in _BULLET.finditer(text):
        cuts.add(m.start())
    out: list[Zin] = []
    titel = None
    for para in _PARA.finditer(text):
        points = sorted({para.start(), para.end(), *(c for c in cuts if para.start() < c < para.end())})
        for a, b in zip(points, points[1:], strict=False):
            while a < b and text[a].isspace():
                a += 1
            if a >= b:
                continue
            if a in kop_begins:
                titel = kop_begins[a]
                continue
            for s, e in _sentence_spans(text, a, b):
                raw = text[s:e]
                lead = len(raw) - len(raw.lstrip())
                s += lead
                raw = raw.strip()
                shown = re.sub(r"-\s*\n\s*(?=[a-z])", "", raw)
                shown = re.sub(r"\s+", " ", shown).strip(" •-*·▪◦\t")
                if len(shown) >= 3 and any(c.isalpha() for c in shown):
                    out.append(Zin(tekst=shown, begin=s, eind=s + len(raw), sectie=titel))
    return out


def zinnen(text: str) -> list[str]:
    """Sentences of a text (without headings)."""
    return [z.tekst for z in zinnen_met_plaats(text)]


# --- patterns ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    exact: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    contains: tuple[str, ...]
    neg: bool
    gap: int  # maximum number of other tokens before this term (0 for the first)

    def matches(self, t: Tok, negations: frozenset[str]) -> bool:
        if self.neg and (t.s in negations or t.lem in negations):
            return True
        if t.s in self.exact or t.lem in self.exact:
            return True
        if self.prefixes and (t.s.startswith(self.prefixes) or t.lem.startswith(self.prefixes)):
            return True
        if self.suffixes and (t.s.endswith(self.suffixes) or t.lem.endswith(self.suffixes)):
            return True
        return any(c in t.s for c in self.contains)


@dataclass(frozen=True)
class Patroon:
    sleutel: str
    waarde: str
    zin: str
    gewicht: float
    terms: tuple[Term, ...]

    @property
    def met_ontkenning(self) -> bool:
        return any(t.neg for t in self.terms)


def _norm_word(word: str) -> str:
    return _strip_accents(word.lower())


def _term(spec: str, gap: int, begrippen: dict[str, list[str]]) -> Term:
    exact: set[str] = set()
    pre: list[str] = []
    suf: list[str] = []
    con: list[str] = []
    neg = False
    for alt in spec.split("|"):
        alt = alt.strip()
        if not alt:
            continue
        if alt.upper() == "NEG":
            neg = True
        elif alt.startswith("="):
            exact.add(_norm_word(alt[1:]))  # the surface form only, no lemma
        elif alt.startswith("@"):
            sub = _term("|".join(begrippen[alt[1:]]), gap, begrippen)
            exact |= sub.exact
            pre += sub.prefixes
            suf += sub.suffixes
            con += sub.contains
        elif alt.startswith("*") and alt.endswith("*") and len(alt) > 2:
            con.append(_norm_word(alt[1:-1]))
        elif alt.endswith("*"):
            pre.append(_norm_word(alt[:-1]))
        elif alt.startswith("*"):
            suf.append(_norm_word(alt[1:]))
        else:
            w = alt.lower()
            exact |= {_norm_word(w), lemma(w)}
    return Term(frozenset(exact), tuple(pre), tuple(suf), tuple(con), neg, gap)


_GROUP = re.compile(r"\{([^{}]*)\}")


def uitvouwen(phrase: str) -> list[str]:
    """Expand ``{a b|c}`` groups (alternatives of several words) into separate phrases."""
    m = _GROUP.search(phrase)
    if not m:
        return [phrase]
    out = []
    for alt in m.group(1).split("|"):
        out += uitvouwen(phrase[: m.start()] + alt.strip() + phrase[m.end() :])
    return out


def compileer(phrase: str, begrippen: dict[str, list[str]] | None = None) -> tuple[Term, ...]:
    """Compile a phrase of the lexicon (terms separated by spaces, ``...`` for a long gap)."""
    begrippen = begrippen if begrippen is not None else lexicon()["begrippen"]
    terms: list[Term] = []
    gap = 0
    phrase = re.sub(r"(?:één|eén|éen|Eén|Één)", "1", phrase)
    for part in _prepare(phrase).split():
        if part == "...":
            gap = LONG_GAP
            continue
        terms.append(_term(part, gap if terms else 0, begrippen))
        gap = DEFAULT_GAP
    return tuple(terms)


@cache
def negaties() -> frozenset[str]:
    lex = lexicon()
    return frozenset(_norm_word(w) for w in lex["ontkenning"]["vooruit"])


@cache
def patronen() -> tuple[Patroon, ...]:
    lex = lexicon()
    out = []
    for sleutel, values in lex["patronen"].items():
        for waarde, items in values.items():
            for gewicht, zin in items:
                for variant in uitvouwen(zin):
                    out.append(Patroon(sleutel, waarde, zin, float(gewicht), compileer(variant)))
    return tuple(out)


class Index:
    """Phrases indexed on their first term, so a sentence only tries the phrases that can start in
    it: exact words in a dict, prefixes and suffixes in tables per length."""

    def __init__(self, items: list[tuple[object, tuple[Term, ...]]]):
        self.items = items
        self.exact: dict[str, list[int]] = {}
        self.pre: dict[int, dict[str, list[int]]] = {}
        self.suf: dict[int, dict[str, list[int]]] = {}
        self.con: list[tuple[str, int]] = []
        self.neg: list[int] = []
        self._memo: dict[tuple[str, str], frozenset[int]] = {}
        for n, (_key, terms) in enumerate(items):
            first = terms[0]
            for w in first.exact:
                self.exact.setdefault(w, []).append(n)
            for w in first.prefixes:
                self.pre.setdefault(len(w), {}).setdefault(w, []).append(n)
            for w in first.suffixes:
                self.suf.setdefault(len(w), {}).setdefault(w, []).append(n)
            self.con += [(w, n) for w in first.contains]
            if first.neg:
                self.neg.append(n)

    def starts(self, toks: list[Tok]) -> dict[int, list[int]]:
        """Per item, the token positions where its first term matches."""
        out: dict[int, list[int]] = {}
        for i, t in enumerate(toks):
            key = (t.s, t.lem)
            ids = self._memo.get(key)
            if ids is None:
                ids = self._memo[key] = self._first_terms(t)
            for n in ids:
                out.setdefault(n, []).append(i)
        return out

    def _first_terms(self, t: Tok) -> frozenset[int]:
        if len(self._memo) > 200_000:
            self._memo.clear()
        neg = negaties()
        ids: set[int] = set()
        for w in {t.s, t.lem}:
            ids.update(self.exact.get(w, ()))
            for k, table in self.pre.items():
                if len(w) >= k:
                    ids.update(table.get(w[:k], ()))
            for k, table in self.suf.items():
                if len(w) >= k:
                    ids.update(table.get(w[-k:], ()))
        for w, n in self.con:
            if w in t.s:
                ids.add(n)
        if self.neg and (t.s in neg or t.lem in neg):
            ids.update(self.neg)
        return frozenset(ids)

    def matches(self, toks: list[Tok]):
        """(key, terms, start, end) of every occurrence of every item in the sentence."""
        neg = negaties()
        for n, positions in self.starts(toks).items():
            key, terms = self.items[n]
            for i in positions:
                for start, end in _extend(toks, terms, 1, i, i, neg):
                    yield key, terms, start, end

    def keys_in(self, toks: list[Tok]) -> set:
        return {key for key, _t, _s, _e in self.matches(toks)}

    def any_in(self, toks: list[Tok]) -> bool:
        return next(self.matches(toks), None) is not None


@cache
def groep(naam: str) -> Index:
    """The index of a helper list of the lexicon (``oud``, ``modaal``, ``stil``)."""
    return Index([(naam, compileer(v)) for p in lexicon()[naam] for v in uitvouwen(p)])


@cache
def _onderwerpen() -> Index:
    return Index(
        [(k, compileer(v)) for k, items in lexicon()["onderwerpen"].items() for p in items for v in uitvouwen(p)]
    )


@cache
def _uitsluitingen() -> dict[tuple[str, str], Index]:
    out = {}
    for sleutel, values in (lexicon().get("uitsluiten") or {}).items():
        for waarde, phrases in values.items():
            out[(sleutel, waarde)] = Index([(None, compileer(v)) for p in phrases for v in uitvouwen(p)])
    return out


@cache
def _patroon_index() -> Index:
    return Index([(p, p.terms) for p in patronen()])


def _extend(toks, terms, k, start, pos, neg):
    if k == len(terms):
        yield (start, pos)
        return
    term = terms[k]
    for j in range(pos + 1, min(len(toks), pos + 2 + term.gap)):
        if term.matches(toks[j], neg):
            yield from _extend(toks, terms, k + 1, start, j, neg)


def _negated(toks: list[Tok], start: int, end: int) -> bool:
    """A negation before the match in the same clause (within a few words), inside it, a
    'replaced/abolished' word after it in the same clause, or "niet mogelijk" after it."""
    lex = lexicon()["ontkenning"]
    neg = negaties()
    uitz = _hulp_uitzonderingen()
    clause = toks[start].clause
    for j in range(max(0, start - int(lex["bereik"])), start):
        t = toks[j]
        if t.clause == clause and (t.s in neg or t.lem in neg) and not _is_exception(toks, j, uitz):
            return True
    for j in range(start + 1, end):
        t = toks[j]
        if (t.s in neg or t.lem in neg) and not _is_exception(toks, j, uitz):
            return True
    terug = _terug()
    na = frozenset(lex.get("na_ontkenning") or ())
    for j in range(end + 1, min(len(toks), end + 1 + int(lex["bereik_terug"]))):
        t = toks[j]
        if t.clause != toks[end].clause or t.s == "door":
            break
        if t.lem in terug or t.s in terug:
            return True
        if (t.s in neg or t.lem in neg) and any(u.s in na for u in toks[j + 1 : j + 3]):
            return True  # "toetreding van nieuwe partijen is niet mogelijk"
    return False


@cache
def _terug() -> frozenset[str]:
    words = lexicon()["ontkenning"]["terug"]
    return frozenset({_norm_word(w) for w in words} | {lemma(w.lower()) for w in words})


@cache
def _hulp_uitzonderingen() -> frozenset[tuple[str, str]]:
    return frozenset(tuple(x.split()) for x in lexicon()["ontkenning"]["geen_ontkenning"])


def _is_exception(toks: list[Tok], j: int, uitz) -> bool:
    nxt = toks[j + 1].s if j + 1 < len(toks) else ""
    return (toks[j].s, nxt) in uitz


# --- reading --------------------------------------------------------------------------------------------


@dataclass
class Treffer:
    sleutel: str
    waarde: str
    gewicht: float
    zin: Zin
    patroon: str


@dataclass
class Voorstel:
    """What the reader proposes for one answer."""

    sleutel: str
    waarde: str = ONBEKEND
    zekerheid: float = 0.0
    zinnen: list[str] = field(default_factory=list)
    herkomst: str = "geen"
    scores: dict[str, float] = field(default_factory=dict)
    fragmenten: list[dict] = field(default_factory=list)
    uitleg: str = ""
    stil: list[str] = field(default_factory=list)  # sentences saying the text does not tell
    # A value derived from other answers by a rule of document 001, offered as a suggestion only
    # (the answer itself stays onbekend): waarde, zekerheid, herkomst "afgeleid", regel, uitleg,
    # bronnen, zinnen, fragmenten.
    suggestie: dict | None = None

    def als_bewijs(self) -> dict:
        return {
            "zinnen": list(self.zinnen),
            "zekerheid": self.zekerheid,
            "herkomst": self.herkomst,
            "fragmenten": [dict(f) for f in self.fragmenten],
            "uitleg": self.uitleg,
        }


def _fragment(z: Zin) -> dict:
    return {"zin": z.tekst[:500], "sectie": z.sectie, "begin": z.begin, "eind": z.eind}


@dataclass
class _ZinInfo:
    zin: Zin
    toks: list[Tok]
    factoren: dict[int, float]  # per clause: 1, or less for the old situation / mere consideration
    stil: set[str]


_YEAR = re.compile(r"(?:19[89]\d|20[0-4]\d)")


def _clause_factors(toks: list[Tok], nieuwste_jaar: int | None) -> dict[int, float]:
    """Per clause: does it describe the old situation? A marker ("voorheen", "tot en met 2021",
    "in 2015 kocht ...") holds for its clause and the following ones, until a clause that starts
    with "maar", "nu", "voortaan" ..."""
    lex = lexicon()
    old: set[int] = {toks[start].clause for _k, _t, start, _e in groep("oud").matches(toks)}
    if nieuwste_jaar is not None:
        past = set(lex["verleden_tijd"])
        for t in toks:
            if _YEAR.fullmatch(t.s) and int(t.s) < nieuwste_jaar:
                near = [u for u in toks if u.clause in (t.clause, t.clause + 1)]
                if any(u.s in past for u in near):
                    old.add(t.clause)
    nieuw = set(lex["nieuw_begin"])
    factor_oud = float(lex["factoren"]["oud"])
    factors: dict[int, float] = {}
    state, seen = False, set()
    for t in toks:
        if t.clause in seen:
            continue
        seen.add(t.clause)
        if t.s in nieuw:
            state = False
        if t.clause in old:
            state = True
        factors[t.clause] = factor_oud if state else 1.0
    return factors


def _zin_info(zin: Zin, nieuwste_jaar: int | None) -> _ZinInfo:
    lex = lexicon()
    toks = tokeniseer(zin.tekst)
    factors = _clause_factors(toks, nieuwste_jaar)
    if groep("modaal").any_in(toks):
        factors = {c: f * float(lex["factoren"]["modaal"]) for c, f in factors.items()}
    stil: set[str] = set()
    for part in zin.tekst.split(";") if ";" in zin.tekst else [None]:
        ptoks = toks if part is None else tokeniseer(part)
        if groep("stil").any_in(ptoks):
            topics = _onderwerpen().keys_in(ptoks)
            if "alle" in topics:
                topics = set(SLEUTELS)
            stil |= topics or {"-"}
    return _ZinInfo(zin, toks, factors, stil)


_START = re.compile(
    r"\b(?:vanaf|sinds|per|met ingang van|ingangsdatum|contractperiode)\s+(?:\d{1,2}\s+)?"
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)?\s*(20[0-4]\d)\b"
)


def _nieuwste_jaar(text: str) -> int | None:
    """The latest year the text marks as the start of the arrangement ("vanaf 2022", "sinds 2019")."""
    years = [int(m.group(1)) for m in _START.finditer(text.lower())]
    return max(years) if years else None


def _confidence(best: float, total: float) -> float:
    """How sure the reader is: the strength of the evidence for the winner (1 - exp(-weight / 2):
    0.63 for one plain statement, 0.86 for two), times the square root of its share of all
    evidence for this question (a competing hint lowers it, a strong competitor more)."""
    return round(math.sqrt(best / total) * (1 - math.exp(-best / 2)), 2)


@dataclass
class Lezing:
    voorstellen: dict[str, Voorstel]
    zinnen: list[Zin]
    treffers: list[Treffer]

    @property
    def antwoorden(self) -> dict[str, str]:
        return {k: v.waarde for k, v in self.voorstellen.items()}

    @property
    def suggesties(self) -> dict[str, dict]:
        """Derived suggestions for answers the text does not state (see ``_apply_rules``)."""
        return {k: dict(v.suggestie) for k, v in self.voorstellen.items() if v.suggestie}


def lees(doc: Document | str) -> Lezing:
    """Read a document (or a plain string) and propose every answer with evidence."""
    if isinstance(doc, str):
        doc = Document(tekst=doc, soort="tekst", koppen=koppen_uit_tekst(doc))
    lex = lexicon()
    alle_zinnen = zinnen_met_plaats(doc.tekst, doc.koppen)
    nieuwste = _nieuwste_jaar(doc.tekst)
    index = _patroon_index()
    treffers: list[Treffer] = []
    stil: dict[str, list[Zin]] = {k: [] for k in SLEUTELS}
    for zin in alle_zinnen:
        info = _zin_info(zin, nieuwste)
        if info.stil:
            for k in info.stil - {"-"}:
                stil[k].append(zin)
            continue
        if not info.toks:
            continue
        best: dict[tuple[str, str], tuple[float, str]] = {}  # every value keeps its strongest phrase
        for p, _terms, start, end in index.matches(info.toks):
            if p.met_ontkenning or not _negated(info.toks, start, end):
                gewicht = p.gewicht * info.factoren.get(info.toks[start].clause, 1.0)
                key = (p.sleutel, p.waarde)
                if gewicht > best.get(key, (0.0, ""))[0]:
                    best[key] = (gewicht, p.zin)
        uitsluiten = _uitsluitingen()
        for (sleutel, waarde), (gewicht, zin_p) in best.items():
            if (sleutel, waarde) in uitsluiten and uitsluiten[(sleutel, waarde)].any_in(info.toks):
                continue  # the sentence uses the words in another sense ("één hoofdaannemer per gezin")
            if gewicht > 0:
                treffers.append(Treffer(sleutel, waarde, round(gewicht, 3), zin, zin_p))

    dr = lex["drempels"]
    voorstellen: dict[str, Voorstel] = {}
    for sleutel in SLEUTELS:
        hits = [t for t in treffers if t.sleutel == sleutel and t.gewicht > 0]
        scores: dict[str, float] = {}
        for t in hits:
            scores[t.waarde] = round(scores.get(t.waarde, 0.0) + t.gewicht, 3)
        v = Voorstel(sleutel=sleutel, scores=scores, stil=[z.tekst for z in stil[sleutel]])
        if scores:
            ranked = sorted(scores.items(), key=lambda kv: -kv[1])
            waarde, s1 = ranked[0]
            s2 = ranked[1][1] if len(ranked) > 1 else 0.0
            conf = _confidence(s1, s1 + s2)
            if s1 >= float(dr["score"]) and s1 >= float(dr["marge"]) * s2 and conf >= float(dr["zekerheid"]):
                eigen = sorted((t for t in hits if t.waarde == waarde), key=lambda t: (-t.gewicht, t.zin.begin))
                v.waarde, v.zekerheid, v.herkomst = waarde, conf, "tekst"
                v.zinnen = [t.zin.tekst[:500] for t in eigen[:MAX_EVIDENCE]]
                v.fragmenten = [_fragment(t.zin) for t in eigen[:MAX_EVIDENCE]]
            else:
                v.uitleg = _onzeker_uitleg(sleutel, ranked, s1, s2, conf, dr)
        elif v.stil:
            v.uitleg = "De tekst zegt zelf dat dit niet wordt beschreven."
        voorstellen[sleutel] = v
    _apply_conflicts(voorstellen)
    _apply_rules(voorstellen)
    return Lezing(voorstellen=voorstellen, zinnen=alle_zinnen, treffers=treffers)


def _onzeker_uitleg(sleutel: str, ranked, s1: float, s2: float, conf: float, dr: dict) -> str:
    from .classificatie import label

    if s2 and s1 < float(dr["marge"]) * s2:
        names = " en ".join(f"'{label(sleutel, w)}'" for w, _ in ranked[:2])
        return f"De tekst wijst meer kanten op ({names}); daarom geen antwoord."
    return (
        f"Te weinig bewijs voor '{label(sleutel, ranked[0][0])}' "
        f"(zekerheid {conf:.2f}, drempel {float(dr['zekerheid']):.2f})."
    )


def lees_tekst(text: str) -> dict[str, Voorstel]:
    """A proposal per answer key, with evidence; ``onbekend`` where the text says nothing clear."""
    return lees(text).voorstellen


# --- dependencies between the choices (document 001) -----------------------------------------------------


def _apply_conflicts(result: dict[str, Voorstel]) -> None:
    from .classificatie import label

    for c in lexicon()["conflicten"]:
        (k1, v1), (k2, v2) = c["tussen"].items()
        a, b = result[k1], result[k2]
        if a.waarde == v1 and b.waarde == v2 and a.herkomst == b.herkomst == "tekst":
            weak = a if a.zekerheid < b.zekerheid else b
            strong = b if weak is a else a
            weak.uitleg = (
                f"De tekst noemt ook '{label(weak.sleutel, weak.waarde)}', maar dat past niet bij "
                f"'{label(strong.sleutel, strong.waarde)}': {c['uitleg']}"
            )
            weak.waarde, weak.zekerheid, weak.herkomst = ONBEKEND, 0.0, "geen"
            weak.zinnen, weak.fragmenten = [], []


def _effectief(v: Voorstel) -> str:
    """The stated answer, else the suggested one (for chaining rules)."""
    if v.waarde != ONBEKEND:
        return v.waarde
    return (v.suggestie or {}).get("waarde", ONBEKEND)


def _apply_rules(result: dict[str, Voorstel]) -> None:
    """Dependencies of document 001 as *suggestions*: a rule never fills an answer; it proposes a
    value for an unknown answer in ``Voorstel.suggestie`` ("afgeleid", with the rule that derived
    it). Rules chain over stated and suggested answers; the direct answer stays ``onbekend``."""
    drempel = float(lexicon()["drempels"]["zekerheid"])
    for _ in range(3):
        changed = False
        for rule in lexicon()["regels"]:
            bronnen = [result[k] for k in rule["als"]]
            if not all(_effectief(result[k]) == v for k, v in rule["als"].items()):
                continue
            if rule.get("alleen_uit_tekst") and any(b.herkomst != "tekst" for b in bronnen):
                continue
            for k, v in rule["dan"].items():
                target = result[k]
                if target.waarde != ONBEKEND or target.suggestie is not None:
                    continue
                if target.stil and not rule.get("ook_bij_stilte"):
                    continue  # the text says it does not describe this
                if target.scores and v not in target.scores:
                    continue  # the text points elsewhere
                bron_zekerheid = [b.zekerheid if b.waarde != ONBEKEND else b.suggestie["zekerheid"] for b in bronnen]
                conf = round(min(float(rule["zekerheid"]), *bron_zekerheid), 2)
                if conf < drempel:
                    continue
                zinnen = [z for b in bronnen for z in (b.zinnen or (b.suggestie or {}).get("zinnen", []))]
                fragmenten = [f for b in bronnen for f in (b.fragmenten or (b.suggestie or {}).get("fragmenten", []))]
                target.suggestie = {
                    "waarde": v,
                    "zekerheid": conf,
                    "herkomst": "afgeleid",
                    "regel": rule["code"],
                    "uitleg": rule["uitleg"],
                    "bronnen": {b.sleutel: _effectief(b) for b in bronnen},
                    "zinnen": zinnen[:MAX_EVIDENCE],
                    "fragmenten": [dict(f) for f in fragmenten[:MAX_EVIDENCE]],
                }
                changed = True
        if not changed:
            break
