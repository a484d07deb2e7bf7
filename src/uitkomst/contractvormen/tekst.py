"""Reading Dutch procurement text: the contract-form reader.

Everything runs offline and is explained by its evidence. The steps:

1. **Sentences with their place** (``zinnen_met_plaats``): paragraphs, bullets and sentences (with
   Dutch abbreviations such as "o.a." and "i.p.v." kept intact), each with its offsets in the
   document text and the section it stands in.
2. **Tokens**: lower case, accents dropped, a few multi-word terms joined ("P x Q", "prijs maal
   hoeveelheid" -> ``pxq``; "open house" -> ``openhouse``; "i.p.v." -> "in plaats van"), each token
   with its lemma from simplemma; an unknown compound is lemmatised on its head ("trajectprijzen"
   -> "trajectprijs"), and its head is kept apart (``kop``: "toekenningsbeschikking" -> "beschikking"),
   which the words of a phrase also match (lexicon 5).
3. **Patterns** (``data/lexicon.yaml``): per answer and value, phrases of the field with a weight.
   A phrase is a sequence of terms (a word, alternatives ``a|b``, a prefix ``pre*``, a suffix
   ``*suf``, a concept ``@toegang`` such as wijkteam/consulent/regisseur, ``NEG`` for a negation)
   that must occur in order in one sentence with small gaps. A phrase that starts with a subject and
   a verb also matches with the verb first ("Nu stelt de consulent ..."; ``_inversie``).
4. **Negation, modality, time**: a match right after a negation in the same clause ("geen
   omzetgarantie", "niet langer per uur", "in plaats van uren") or with a negation inside it does
   not count; a match in a sentence that only considers something ("onderzoekt of", "overweegt")
   counts for ``factoren.modaal``; a match in a sentence about the old situation ("voorheen",
   "tot en met 2021 kocht ...", "het oude prijs-maal-aantal-model") does not count for the form
   the text describes. Since lexicon 5: a phrase's NEG belongs to its clause; "niet X maar Y"
   negates X only; "ongeacht" negates what follows; a plain negation of "open" or "the client
   chooses" states the counterpart (``ontkenning.tegendeel``); a question counts as a mere
   consideration unless the next sentence answers "Ja" (or cancels it with "Nee"); a concessive
   clause ("hoewel ...") counts as a mere consideration.
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

from uitkomst.utils.databestand import lees_yaml

from . import zinmodel as _zm
from .classificatie import DATA_DIR, ONBEKEND, SLEUTELS
from .documenten import MAX_DOCUMENT_BYTES, Document, Kop, koppen_uit_tekst, lees_document  # noqa: F401

MAX_EVIDENCE = 3
DEFAULT_GAP = 3
LONG_GAP = 8
SHORT_GAP = 2


LEXICON_PAD = DATA_DIR / "lexicon.yaml"


STELT = (True, "tekst", False)  # states from any stated answer / only from the text's own answers / suggests


@cache
def lexicon() -> dict:
    data = lees_yaml(LEXICON_PAD.read_text(encoding="utf-8"))
    _regels_controleren(data.get("regels") or [])
    return data


def _regels_controleren(regels: list[dict]) -> None:
    """Refuse a rule whose ``stelt`` is not one of ``STELT`` (a typo such as "ja" would silently state,
    null would silently suggest). Without the key a rule suggests."""
    for rule in regels:
        if "stelt" not in rule:
            continue
        waarde = rule["stelt"]
        # identity for the booleans (1 == True), equality for the string
        if not any(waarde is w if isinstance(w, bool) else waarde == w for w in STELT):
            raise ValueError(f"Lexicon: regel {rule.get('code')!r} heeft stelt={waarde!r}; kies true, false of tekst.")


# --- normalisation and lemmas ------------------------------------------------------------------------


def _strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


_MAANDEN = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"

_JOIN = [
    (re.compile(r"\bp\s*[x×*]\s*q\b"), " pxq "),
    (re.compile(r"\bprijs[\s-]*(?:x|×|maal|keer)[\s-]*(?:het\s+|de\s+)?(?:hoeveelheid|aantal|volume)\b"), " pxq "),
    (re.compile(r"\b(?:één|eén|éen)\b"), " 1 "),
    # round 14: the day of a date is no number of providers ("vanaf 1 januari 2010 negen aanbieders")
    (re.compile(r"\b\d{1,2}(?=\s+(?:" + _MAANDEN + r")\b)"), " dag "),
    (re.compile(r"\bin plaats daarvan\b"), " daarentegen "),
    (re.compile(r"\bi\.?\s?p\.?\s?v\.?(?=\s)|\bin plaats van\b"), " ipv "),
    (re.compile(r"\btransitie[\s-]*arrangement"), " transitiearrangement"),
    (re.compile(r"\bniet-(?=[^\W\d_])"), "niet"),  # "niet-openbare aanbesteding" is an adjective, no negation
    # round 17: also in compounds ("open-houseprocedure", "open-housesysteem")
    (re.compile(r"\bopen[\s-]*house"), " openhouse"),
    (re.compile(r"\blump[\s-]+sum"), " lumpsum"),
    (re.compile(r"\bt/m\b"), " tot en met "),
    # lexicon 8: "los van de uren" negates what follows, like "ongeacht" (``ontkenning.alleen_vooruit``)
    (re.compile(r"\blos\s+van\b"), " losvan "),
    # lexicon 6: "tot nu toe" is one old-situation marker, not a clause that starts with "nu"
    (re.compile(r"\btot\s+(?:nu|nog|op)\s+(?:toe|heden)\b|\btot\s+dusver(?:re)?\b"), " totnutoe "),
    (re.compile(r"\bo\.a\.|\bbijv\.|\bbv\.|\be\.d\.|\bca\.|\bd\.w\.z\."), " "),
    # lexicon 7: a short parenthesis (at most three words: "(P×Q)", "(pgb)") belongs to its clause
    (re.compile(r"\(((?:\s*[^\s()\[\],;:]+){1,3})\s*\)"), r" \1 "),
]
_WORD = re.compile(r"[^\W_]+")
_CLAUSE = re.compile(r"[,;:()\[\]–—]|\s-\s|(?=\b(?:maar|terwijl|want|zodat|waarna|hoewel|echter|doch|nu)\b)")


@lru_cache(maxsize=1)
def _simplemma():
    # simplemma's lemmatize/is_known over its dictionary, decoded once and cached on disk (lemmas.py)
    from . import lemmas

    return lemmas


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
    return _strip_accents(lem.lower()).replace("_", "")  # separable verbs: "vast_stellen" -> "vaststellen"


# Prefixes that turn a compound into its opposite ("niet-gecontracteerde" is written "nietgecontracteerde").
_NO_HEAD_PREFIXES = ("niet", "non", "anti")


@lru_cache(maxsize=50_000)
def kop(word: str) -> str:
    """The head of an unknown Dutch compound, lemmatised ("toekenningsbeschikking" -> "beschikking",
    "toegangsteam" -> "team", "hulptraject" -> "traject"); "" for a known word or no compound.
    Dutch compounds are head-final, so the head carries the meaning a phrase of the lexicon asks for;
    the linking "s" is dropped. The first part must have at least 3 letters, the head at least 4."""
    sm = _simplemma()
    if len(word) < 8 or not word.isalpha() or sm.is_known(word, lang="nl") or word.startswith(_NO_HEAD_PREFIXES):
        return ""
    if _strip_accents(word) in _geen_samenstelling():
        return ""
    for i in range(3, len(word) - 3):
        head = word[i:]
        if sm.is_known(head, lang="nl"):
            if head.startswith("s") and len(head) > 4 and sm.is_known(head[1:], lang="nl"):
                head = head[1:]
            return _strip_accents(sm.lemmatize(head, lang="nl").lower())
    return ""


@cache
def _geen_samenstelling() -> frozenset[str]:
    """Compounds whose head means something else ("transitiearrangement" is no arrangement of care)."""
    return frozenset(_norm_word(w) for w in lexicon().get("geen_samenstelling") or ())


@dataclass(frozen=True)
class Tok:
    s: str  # surface, lower case without accents
    lem: str
    clause: int
    kop: str = ""  # the head of an unknown compound (see ``kop``)


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
            out.append(Tok(s=_surface(word), lem=lemma(word), clause=n, kop=kop(word)))
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
    nr: int = field(default=-1, compare=False, repr=False)  # its number in ``_TERMEN`` (same terms, same nr)

    def __post_init__(self):
        object.__setattr__(self, "nr", _TERMEN.nummer(self))

    def matches(self, t: Tok, negations: frozenset[str]) -> bool:
        if self.neg and (t.s in negations or t.lem in negations):
            return True
        if t.s in self.exact or t.lem in self.exact or (t.kop and t.kop in self.exact):
            return True
        if self.prefixes and (t.s.startswith(self.prefixes) or t.lem.startswith(self.prefixes)):
            return True
        if self.suffixes and (t.s.endswith(self.suffixes) or t.lem.endswith(self.suffixes)):
            return True
        return bool(self.contains) and any(c in t.s for c in self.contains)


class _Termregister:
    """Every distinct term (gap aside) with a number, and per token the numbers of the terms it
    matches, found through the same tables as ``Index`` (one lookup per distinct word instead of
    one ``Term.matches`` per term and token: a 20-page document made 450,000 such calls). The
    answer is ``Term.matches`` with the lexicon's negations (``negaties``); the tests compare them."""

    def __init__(self) -> None:
        self.nummers: dict[tuple, int] = {}
        self.termen: list[Term] = []
        self._index: Index | None = None
        self._memo: dict[tuple[str, str, str], frozenset[int]] = {}

    def nummer(self, term: Term) -> int:
        key = (term.exact, term.prefixes, term.suffixes, term.contains, term.neg)
        n = self.nummers.get(key)
        if n is None:
            n = self.nummers[key] = len(self.termen)
            self.termen.append(term)
            self._index = None
            self._memo.clear()
        return n

    def van(self, t: Tok) -> frozenset[int]:
        key = (t.s, t.lem, t.kop)
        ids = self._memo.get(key)
        if ids is None:
            if self._index is None:
                self._index = Index([(n, (term,)) for n, term in enumerate(self.termen)])
            if len(self._memo) > 200_000:
                self._memo.clear()
            ids = self._memo[key] = self._index._first_terms(t)
        return ids


_TERMEN = _Termregister()


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
    """Expand ``{a b|c}`` groups (alternatives of several words) into separate phrases. A group is a
    term of its own: "x|{a b}" would silently read as the term "x|a" followed by "b", so it is refused."""
    if "|{" in phrase or "}|" in phrase:
        raise ValueError(f"Lexicon: een {{...}}-groep kan geen alternatief van een woord zijn: {phrase!r}")
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
        if part == "+":
            gap = SHORT_GAP  # lexicon 7: at most two words between ("vraagt + om": "vraagt de raad om")
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
                    inverted = _inversie(variant)
                    if inverted:
                        out.append(Patroon(sleutel, waarde, zin, float(gewicht), compileer(inverted)))
    return tuple(out)


_SUBJECT = re.compile(
    r"^(@(?:toegang|gemeente|aanbieder|client)(?:\|@(?:toegang|gemeente|aanbieder|client))*)\s+(?:\.\.\.\s+)?(\S+)(.*)$"
)


def _inversie(phrase: str) -> str | None:
    """Dutch puts the finite verb before the subject after a fronted word ("Nu stelt de consulent het
    resultaat vast", "Voor elk gezin wijst het gebiedsteam één hoofdaannemer aan"). A phrase that
    starts with a subject concept directly followed by a verb term also matches in that order
    (lexicon 5). Only verb terms written as words (no concept, no NEG, no prefix/suffix)."""
    m = _SUBJECT.match(phrase.strip())
    if not m:
        return None
    subject, verb, rest = m.groups()
    alts = verb.split("|")
    if any(a.startswith(("@", "=", "*")) or a.endswith("*") or a.upper() == "NEG" for a in alts):
        return None
    if not any(a.endswith(("t", "en")) for a in alts):
        return None  # no verb form among the alternatives ("@toegang van @gemeente")
    return f"{verb} {subject}{rest}"


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
        if t.kop:
            ids.update(self.exact.get(t.kop, ()))
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
        sets = None
        for n, positions in self.starts(toks).items():
            key, terms = self.items[n]
            if sets is None and len(terms) > 1:
                sets = [_TERMEN.van(t) for t in toks]
            if len(terms) == 1:
                for i in positions:
                    yield key, terms, i, i
                continue
            for i in positions:
                found: list[tuple[int, int]] = []
                _verleng(toks, terms, 1, i, i, neg, sets, found)
                for start, end in found:
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


def _verleng(toks, terms, k, start, pos, neg, sets, out: list) -> None:
    """Appends the (start, end) of every match of ``terms[k:]`` after ``toks[pos]`` to ``out``
    (depth first, the hot loop of reading: no generators); ``sets`` holds per token the numbers of
    the terms it matches (``_TERMEN.van``)."""
    term = terms[k]
    nr = term.nr
    last = k + 1 == len(terms)
    after_neg = terms[k - 1].neg and (toks[pos].s in neg or toks[pos].lem in neg)
    clause = toks[pos].clause
    for j in range(pos + 1, min(len(toks), pos + 2 + term.gap)):
        if after_neg and toks[j].clause != clause:
            break  # a phrase's negation belongs to its clause: "geen omzetgarantie: nieuwe aanbieders ..."
        if nr in sets[j]:
            if last:
                out.append((start, j))
            else:
                _verleng(toks, terms, k + 1, start, j, neg, sets, out)


def _negated(toks: list[Tok], start: int, end: int) -> bool:
    """A negation before the match in the same clause (within a few words), inside it, a
    'replaced/abolished' word after it in the same clause, or "niet mogelijk" after it."""
    return _negation(toks, start, end) is not None


def _negation(toks: list[Tok], start: int, end: int) -> str | None:
    """The word that negates the match (see ``_negated``), or None."""
    lex = lexicon()["ontkenning"]
    neg = negaties()
    uitz = _hulp_uitzonderingen()
    clause = toks[start].clause
    alleen_vooruit = frozenset(lex.get("alleen_vooruit") or ())
    for j in range(max(0, start - int(lex["bereik"])), start):
        t = toks[j]
        if t.clause != clause:
            continue
        if ((t.s in neg or t.lem in neg) and not _is_exception(toks, j, uitz)) or t.s in alleen_vooruit:
            return t.s
    for j in range(start + 1, end):
        t = toks[j]
        negation = ((t.s in neg or t.lem in neg) and not _is_exception(toks, j, uitz)) or t.s in alleen_vooruit
        if negation and not _contrast_after(toks, j, end):
            return t.s
    niet_maar = _niet_maar(toks, start, end, uitz)
    if niet_maar is not None:
        return niet_maar
    terug = _terug()
    na = frozenset(lex.get("na_ontkenning") or ())
    for j in range(end + 1, len(toks)):
        t = toks[j]
        if t.clause != toks[end].clause or t.s == "door":
            break
        near = j <= end + int(lex["bereik_terug"])
        if near and (t.lem in terug or t.s in terug):
            return t.s
        if (t.s in neg or t.lem in neg) and any(u.s in na for u in toks[j + 1 : j + 3]):
            # "toetreding van nieuwe partijen is (tot het einde van de looptijd) niet mogelijk":
            # anywhere in the clause (lexicon 5; before, within ``bereik_terug`` words)
            return t.s
    return None


_RELATIVE = frozenset({"die", "dat", "wie", "waarvoor", "waarbij"})


def _relative(toks: list[Tok], start: int, end: int) -> bool:
    """A negation in a relative clause ("inwoners die niet zelf kunnen kiezen, krijgen hulp") restricts
    whom the sentence is about; it does not state the counterpart."""
    neg = negaties()
    for j in range(max(0, start - 4), end + 1):
        if toks[j].s in neg and any(toks[m].s in _RELATIVE for m in range(max(0, j - 2), j)):
            return True
    return False


@cache
def _tegendeel() -> dict[tuple[str, str], tuple[str, frozenset[str], float]]:
    """(question, value) -> (counterpart value, the negation words that state it, weight factor)."""
    lex = lexicon()["ontkenning"]
    out = {}
    for item in lex.get("tegendeel") or ():
        words = frozenset(_norm_word(w) for w in item["woorden"])
        out[(item["vraag"], item["van"])] = (item["naar"], words, float(item["factor"]))
    return out


def _unnegated_in(index: Index, toks: list[Tok], factoren: dict[int, float] | None = None) -> bool:
    """Does a phrase of ``index`` occur in the sentence without being negated? ("de toegang is niet
    bij de aanbieders belegd" does not use "toegang bij de aanbieder" as an exclusion.) Since lexicon 6
    not in a clause about the old situation either ("tot op heden per uur; nu per cliënt ...")."""
    factoren = factoren or {}
    return any(
        not _negated(toks, start, end) and factoren.get(toks[start].clause, 1.0) > 0
        for _k, _t, start, end in index.matches(toks)
    )


def _contrast_after(toks: list[Tok], j: int, end: int) -> bool:
    """A "maar" clause between the negation at ``j`` and the end of the match: "niet bij de aanbieders
    belegd maar bij het sociaal team van de gemeente" negates the first part, not the second."""
    return any(toks[m].s in _CONTRAST and toks[m].clause != toks[j].clause for m in range(j + 1, end + 1))


_CONTRAST = frozenset({"maar", "doch", "echter"})


@cache
def _terug() -> frozenset[str]:
    words = lexicon()["ontkenning"]["terug"]
    return frozenset({_norm_word(w) for w in words} | {lemma(w.lower()) for w in words})


@cache
def _hulp_uitzonderingen() -> frozenset[tuple[str, str]]:
    return frozenset(tuple(x.split()) for x in lexicon()["ontkenning"]["geen_ontkenning"])


def _niet_maar(toks: list[Tok], start: int, end: int, uitz) -> str | None:
    """Lexicon 7: "niet X maar Y". A plain negation (``ontkenning.niet_maar``) anywhere earlier in the
    clause of a match negates it, beyond ``bereik``, when the clause after the match starts with
    "maar": the negation then scopes the whole first conjunct ("ze kopen niet langer uren en
    producten in (P×Q), maar resultaten"). "niet alleen ... maar ook" is no negation."""
    woorden = frozenset(lexicon()["ontkenning"].get("niet_maar") or ())
    if not woorden:
        return None
    clause = toks[start].clause
    volgende = next((t for t in toks[end + 1 :] if t.clause != toks[end].clause), None)
    if volgende is None or volgende.s != "maar" or toks[end].clause != clause:
        return None
    for j in range(start - 1, -1, -1):
        t = toks[j]
        if t.clause != clause:
            break
        if t.s in woorden and not _is_exception(toks, j, uitz):
            return t.s
    return None


def _is_exception(toks: list[Tok], j: int, uitz) -> bool:
    nxt = toks[j + 1].s if j + 1 < len(toks) else ""
    return (toks[j].s, nxt) in uitz


# --- features of the learned sentence classifier (zinmodel) -----------------------------------------


@cache
def _negatie_woorden() -> frozenset[str]:
    lex = lexicon()
    extra = set(lex["ontkenning"].get("terug") or ()) | set(lex["ontkenning"].get("alleen_vooruit") or ())
    return negaties() | frozenset(extra)


# Function words left out of the clause-independent unigrams (``u:``).
_STOPWOORDEN = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "in",
        "op",
        "te",
        "voor",
        "met",
        "is",
        "zijn",
        "dat",
        "die",
        "aan",
        "als",
        "bij",
        "of",
        "door",
        "om",
        "naar",
        "ook",
        "worden",
        "wordt",
        "er",
        "dit",
        "wij",
        "we",
        "zij",
        "ze",
        "hij",
        "haar",
    ]
)


def kenmerken(toks, factoren: dict[int, float] | None = None) -> list[str]:
    """The features of one sentence from its tokens and the reader's clause factors: per token its
    lemma, compound head and concept of the lexicon (``@aanbieder``, ``@toegang``, ``@gemeente``,
    ``@client``: "wijkteam" and "consulent" are both the access), and lemma bigrams within a clause,
    each prefixed with the state of its clause (``w`` plain, ``n`` negated, ``o`` old situation or mere
    consideration); the lemma also without prefix (``u:``), so that a negated sentence still shares its
    topic with the plain ones."""
    neg_woorden = _negatie_woorden()
    factoren = factoren or {}
    negated = {t.clause for t in toks if t.s in neg_woorden}
    feats: list[str] = []
    prev, prev_begrip = None, None
    for t in toks:
        if factoren.get(t.clause, 1.0) < 1.0:
            pre = "o"
        elif t.clause in negated:
            pre = "n"
        else:
            pre = "w"
        if t.lem not in _STOPWOORDEN:
            feats.append(f"u:{t.lem}")
        feats.append(f"{pre}:{t.lem}")
        if t.kop:
            feats.append(f"{pre}k:{t.kop}")
        begrip = _begrip(t)
        if begrip:
            feats.append(f"{pre}c:{begrip}")
        if prev is not None and prev.clause == t.clause:
            feats.append(f"{pre}:{prev.lem}_{t.lem}")
            if prev_begrip:
                feats.append(f"{pre}c:{prev_begrip}_{t.lem}")
            if begrip:
                feats.append(f"{pre}c:{prev.lem}_{begrip}")
        prev, prev_begrip = t, begrip
    if negated:
        feats.append("F:neg")
    if any(f < 1.0 for f in factoren.values()):
        feats.append("F:oud")
    return feats


def zin_kenmerken(zin: str) -> list[str]:
    """Features of a sentence read on its own (as in training), with the reader's clause factors."""
    info = _zin_info(Zin(zin, 0, len(zin)), None)
    return kenmerken(info.toks, info.factoren)


def voorspel_zin(zin: str, model=None) -> dict[str, tuple[str, float]]:
    """Per question the learned classifier's most probable class for one sentence and its probability."""
    m = model or _zm.model()
    return m.voorspel(zin_kenmerken(zin))


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
    # How a stated answer was found: "regels" (the phrases of the lexicon) or "model" (the learned
    # sentence classifier of ``zinmodel``, where the rules found no answer); "" when onbekend.
    methode: str = ""

    def als_bewijs(self) -> dict:
        return {
            "zinnen": list(self.zinnen),
            "zekerheid": self.zekerheid,
            "herkomst": self.herkomst,
            "methode": self.methode,
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
    # a concessive clause ("hoewel de regio spreekt van resultaatgericht werken, rekenen aanbieders
    # af per uur") concedes what is not the point: it counts as a mere consideration (lexicon 5)
    toegeven = set(lex.get("toegeven") or ())
    concessive = {t.clause for t in toks if t.s in toegeven}
    nieuw_in_zin = set(lex.get("nieuw_in_zin") or ())
    nieuwe_clauses = {t.clause for t in toks if t.s in nieuw_in_zin}
    factors: dict[int, float] = {}
    state, seen = False, set()
    for t in toks:
        if t.clause in seen:
            continue
        seen.add(t.clause)
        if t.s in nieuw or t.clause in nieuwe_clauses:
            state = False
        if t.clause in old:
            state = True
        factors[t.clause] = factor_oud if state else 1.0
    for c in concessive:
        factors[c] = min(factors.get(c, 1.0), float(lex["factoren"]["modaal"]))
    return factors


def _zin_info(zin: Zin, nieuwste_jaar: int | None) -> _ZinInfo:
    lex = lexicon()
    toks = tokeniseer(zin.tekst)
    factors = _clause_factors(toks, nieuwste_jaar)
    if (_modaal(toks) or _opsomming(zin.tekst, toks)) and not groep("niet_modaal").any_in(toks):
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


# lexicon 8: a sentence about municipalities in general ("Gemeenten kiezen hoe ze inkopen", "Een
# gemeente kan ...") or a list of the topics a document treats ("Het document beschrijft de opdracht,
# de duur, ...; daarna volgen ...") states no arrangement of its own: it counts as a mere consideration.
_GENERIEK_BEGIN = (("gemeenten",), ("een", "gemeente"), ("1", "gemeente"))
_GENERIEK_VERVOLG = frozenset({"ze", "zij"})
_DOCUMENT = frozenset({
    "document", "nota", "notitie", "stuk", "rapport", "hoofdstuk", "paragraaf", "bijlage", "bijlagen", "kader",
    "uitvoeringskader", "inkoopdocument", "bestek", "leidraad", "beschrijvend", "inhoudsopgave",
})  # fmt: skip
_ONDERWERPEN_WERKWOORD = frozenset({
    "beschrijft", "beschrijven", "behandelt", "behandelen", "bespreekt", "bespreken", "bevat", "bevatten",
    "volgen", "volgt", "noemt", "noemen",
})  # fmt: skip
_VERVOLG_BEGIN = frozenset({"daarna", "vervolgens", "verder", "dan", "tot slot", "ten slotte"})


def _generiek(toks: list[Tok], vorige: bool) -> bool:
    """Is the sentence about municipalities in general? A bare "Gemeenten" or "Een gemeente" as the
    first words, or a "ze"/"zij" right after such a sentence."""
    woorden = tuple(t.s for t in toks[:2])
    if any(woorden[: len(b)] == b for b in _GENERIEK_BEGIN):
        return True
    return vorige and any(t.s in _GENERIEK_VERVOLG for t in toks[:6])


def _opsomming(zin: str, toks: list[Tok]) -> bool:
    """A list of topics: a document (or "daarna") with a verb like "beschrijft"/"volgen" and at
    least three list separators."""
    if zin.count(",") + zin.count(";") < 3:
        return False
    for n, t in enumerate(toks):
        if t.s in _ONDERWERPEN_WERKWOORD:
            voor = toks[:n]
            if any(u.s in _DOCUMENT or u.kop in _DOCUMENT for u in voor) or (voor and voor[0].s in _VERVOLG_BEGIN):
                return True
    return False


def _modaal(toks: list[Tok]) -> bool:
    """Does the sentence only consider something? An adverb of doubt used as an adjective of a noun
    phrase ("bepaalt met de cliënt en eventueel de mantelzorger ...", "eventuele meerkosten") does not
    make the sentence a consideration (lexicon 6): only the noun phrase is optional."""
    bijw = lexicon().get("modaal_bijwoord") or {}
    woorden = frozenset(bijw.get("woorden") or ())
    voor = frozenset(bijw.get("niet_voor") or ())
    for _k, _t, start, end in groep("modaal").matches(toks):
        t = toks[start]
        if start == end and t.lem in woorden:
            nxt = toks[start + 1].s if start + 1 < len(toks) else ""
            if t.s != t.lem or nxt in voor:
                continue  # "eventuele kosten", "eventueel de mantelzorger"
        return True
    return False


# --- who does it: pronouns and coordinated verbs (lexicon 6) --------------------------------------------

_NEVENSCHIKKING = frozenset({"en", "maar", "ook"})
_AANWIJZEND = frozenset({"die", "deze"})
_ONDERWERP_BEGRIPPEN = ("aanbieder", "toegang", "gemeente", "client")


@cache
def _begrip_termen() -> tuple[tuple[str, Term], ...]:
    begrippen = lexicon()["begrippen"]
    return tuple((b, _term(f"@{b}", 0, begrippen)) for b in _ONDERWERP_BEGRIPPEN)


@lru_cache(maxsize=50_000)
def _begrip(t: Tok) -> str | None:
    neg = negaties()
    for naam, term in _begrip_termen():
        if term.matches(t, neg):
            return naam
    return None


def _is_persoonsvorm(t: Tok) -> bool:
    """A finite verb in the third person singular ("bepaalt", "gaat", "zet", "spreekt"), by its form:
    ends in -t, and its lemma is an infinitive other than the word."""
    sub = lexicon().get("onderwerp") or {}
    if t.s in frozenset(sub.get("geen_werkwoord") or ()):
        return False
    return len(t.s) >= 3 and t.s.endswith("t") and t.lem != t.s and t.lem.endswith("n")  # "gaan", "doen"


def _eerste_onderwerp(toks: list[Tok]) -> Tok | None:
    """The first subject-like concept of a sentence (a provider, team, municipality or client not
    governed by a preposition): the referent of a pronoun in this or the next sentence."""
    sub = lexicon().get("onderwerp") or {}
    voorz = frozenset(sub.get("voorzetsels") or ())
    for i, t in enumerate(toks):
        if t.s in frozenset(sub.get("voornaamwoorden") or ()):
            return None  # the sentence itself starts from a pronoun: keep the earlier referent
        if _begrip(t) and not any(toks[j].s in voorz for j in range(max(0, i - 2), i)):
            return t
    return None


def _met_onderwerp(toks: list[Tok], vorige: Tok | None, laatste: Tok | None = None) -> tuple[list[Tok], Tok | None]:
    """Tokens with the subject made explicit where Dutch leaves it implicit (lexicon 6):

    - a personal pronoun ("hij", "zij") stands for the sentence's own earlier subject, else for the
      subject of the previous sentence ("De aanbieder stelt een arrangement op. Daarvoor krijgt hij
      een vast bedrag per kind." -> "... krijgt aanbieder ...");
    - a demonstrative "die"/"deze" opening the sentence before a finite verb stands for the last
      subject-like concept of the previous sentence ("... bij de aanbieder. Die gaat na of ...");
    - a finite verb right after "en" or at the start of a clause, without a subject of its own,
      shares the subject of the sentence ("De aanbieder ontvangt een vast bedrag en bepaalt met de
      cliënt hoe ..." -> "... en aanbieder bepaalt ...").

    The inserted or replaced tokens only serve matching; the evidence is the sentence as written.
    Returns the tokens and the referent for the next sentence."""
    sub = lexicon().get("onderwerp") or {}
    pron = frozenset(sub.get("voornaamwoorden") or ())
    eigen = _eerste_onderwerp(toks)
    eigen_pos = next((i for i, t in enumerate(toks) if t is eigen), None)
    referent = eigen or vorige
    out: list[Tok] = []
    for i, t in enumerate(toks):
        if i == 0 and laatste is not None and t.s in _AANWIJZEND and len(toks) > 1 and _is_persoonsvorm(toks[1]):
            # "Die gaat na of ...": a demonstrative subject points to the last one named before
            out.append(Tok(s=laatste.s, lem=laatste.lem, clause=t.clause, kop=laatste.kop))
            continue
        if referent is None:
            out.append(t)
            continue
        if t.s in pron:
            out.append(Tok(s=referent.s, lem=referent.lem, clause=t.clause, kop=referent.kop))
            continue
        if eigen_pos is not None and i > eigen_pos + 1 and _is_persoonsvorm(t):
            coordinated = toks[i - 1].s in _NEVENSCHIKKING or toks[i - 1].clause != t.clause
            own_subject = any(u.s in pron or _begrip(u) for u in toks[i + 1 : i + 3])
            if coordinated and not own_subject:
                out.append(Tok(s=referent.s, lem=referent.lem, clause=t.clause, kop=referent.kop))
        out.append(t)
    return out, (eigen or vorige)


_START = re.compile(
    r"\b(?:vanaf|sinds|per|met ingang van|ingangsdatum|contractperiode)\s+(?:\d{1,2}\s+)?"
    r"(?:" + _MAANDEN + r")?\s*(20[0-4]\d)\b"
)


_ANSWER_LEAD = re.compile(r"^\W*(?:antwoord|a)\s*[:.]\s*", re.IGNORECASE)


def _vraag_factoren(zinnen: list[Zin]) -> dict[int, float]:
    """Questions (a sentence ending in "?", as in a FAQ or a note of questions and answers) state
    nothing by themselves: their evidence counts for ``factoren.modaal``, for 1 when the next
    sentence answers "Ja", and for 0 when it answers "Nee" ("Mag ik zelf het aantal uren bepalen?
    Nee.")."""
    lex = lexicon()
    out: dict[int, float] = {}
    for n, zin in enumerate(zinnen):
        if not zin.tekst.rstrip().endswith("?"):
            continue
        nxt = _ANSWER_LEAD.sub("", zinnen[n + 1].tekst).lower() if n + 1 < len(zinnen) else ""
        first = (_WORD.findall(nxt) or [""])[0]
        if first in ("ja", "jazeker", "zeker", "inderdaad"):
            out[n] = 1.0
        elif first in ("nee", "neen"):
            out[n] = 0.0
        else:
            out[n] = float(lex["factoren"]["modaal"])
    return out


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
    vraag_factoren = _vraag_factoren(alle_zinnen)
    zm = _zinmodel()
    modelkansen: list[tuple[Zin, dict[str, dict[str, float]]]] = []
    referent, laatste, sectie = None, None, None
    generiek = False
    f_modaal = float(lex["factoren"]["modaal"])
    uitgesloten: set[tuple[int, str, str]] = set()  # (sentence, question, value) cancelled by ``uitsluiten``
    for n, zin in enumerate(alle_zinnen):
        info = _zin_info(zin, nieuwste)
        if zin.sectie != sectie:
            referent, laatste, sectie = None, None, zin.sectie  # a pronoun does not reach back over a heading
            generiek = False
        generiek = _generiek(info.toks, generiek)
        if generiek:  # municipalities in general, not this arrangement (lexicon 8)
            info.factoren = {c: f * f_modaal for c, f in info.factoren.items()}
        info.toks, referent = _met_onderwerp(info.toks, referent, laatste)
        laatste = next((t for t in reversed(info.toks) if _begrip(t)), None) or laatste
        if n in vraag_factoren:
            info.factoren = {c: f * vraag_factoren[n] for c, f in info.factoren.items()}
        if info.stil:
            for k in info.stil - {"-"}:
                stil[k].append(zin)
            continue
        if not info.toks:
            continue
        if zm is not None:
            modelkansen.append((zin, zm.kansen(kenmerken(info.toks, info.factoren))))
        best: dict[tuple[str, str], tuple[float, str]] = {}  # every value keeps its strongest phrase
        tegendeel = _tegendeel()
        for p, _terms, start, end in index.matches(info.toks):
            key = (p.sleutel, p.waarde)
            factor = info.factoren.get(info.toks[start].clause, 1.0)
            if p.met_ontkenning:
                negation = None
            else:
                negation = _negation(info.toks, start, end)
                if negation is not None:
                    # "nieuwe aanbieders kunnen niet toetreden": a plain "niet/geen" before or in a phrase
                    # of one value states its counterpart (``ontkenning.tegendeel``; lexicon 5)
                    if key in tegendeel and negation in tegendeel[key][1] and not _relative(info.toks, start, end):
                        waarde, _words, f = tegendeel[key]
                        gewicht = p.gewicht * factor * f
                        if gewicht > best.get((p.sleutel, waarde), (0.0, ""))[0]:
                            best[(p.sleutel, waarde)] = (gewicht, f"NEG {p.zin}")
                    continue
            gewicht = p.gewicht * factor
            if gewicht > best.get(key, (0.0, ""))[0]:
                best[key] = (gewicht, p.zin)
        uitsluiten = _uitsluitingen()
        for (sleutel, waarde), (gewicht, zin_p) in best.items():
            uit = uitsluiten.get((sleutel, waarde))
            if uit is not None and _unnegated_in(uit, info.toks, info.factoren):
                uitgesloten.add((zin.begin, sleutel, waarde))  # nor may the sentence model use it (lexicon 8)
                continue  # the sentence uses the words in another sense ("één hoofdaannemer per gezin")
            if gewicht > 0:
                treffers.append(Treffer(sleutel, waarde, round(gewicht, 3), zin, zin_p))

    dr = lex["drempels"]
    voorstellen = {sleutel: _besluit(sleutel, treffers, stil[sleutel], dr) for sleutel in SLEUTELS}
    _apply_combinations(voorstellen, treffers, stil, dr)
    for v in voorstellen.values():
        if v.waarde != ONBEKEND:
            v.methode = "regels"
    if zm is not None:
        _apply_model(voorstellen, modelkansen, zm, dr, uitgesloten)
    _apply_conflicts(voorstellen)
    _apply_rules(voorstellen)
    return Lezing(voorstellen=voorstellen, zinnen=alle_zinnen, treffers=treffers)


def _besluit(sleutel: str, treffers: list[Treffer], stil: list[Zin], dr: dict) -> Voorstel:
    """The decision for one answer from the evidence (step 9 of the doc)."""
    hits = [t for t in treffers if t.sleutel == sleutel and t.gewicht > 0]
    scores: dict[str, float] = {}
    for t in hits:
        scores[t.waarde] = round(scores.get(t.waarde, 0.0) + t.gewicht, 3)
    v = Voorstel(sleutel=sleutel, scores=scores, stil=[z.tekst for z in stil])
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
    return v


def _apply_combinations(voorstellen: dict[str, Voorstel], treffers: list[Treffer], stil, dr: dict) -> None:
    """Statements in different sentences that together state a value (``samen`` in the lexicon;
    lexicon 5): "het wijkteam stelt de doelen vast" in one sentence and "hoeveel tijd nodig is,
    spreekt de aanbieder zelf af" in another is shared coordination (the municipality sets what,
    the provider how; document 001). The hint must come from the text, the other answer must be
    stated by the text in another sentence; the combination adds ``gewicht`` as evidence from that
    sentence, and the answer is decided again with the usual thresholds."""
    for c in lexicon().get("samen") or ():
        sleutel, waarde = c["sleutel"], c["waarde"]
        ((en_key, en_val),) = c["en"].items()
        other = voorstellen[en_key]
        if voorstellen[sleutel].waarde != ONBEKEND or other.waarde != en_val or other.herkomst != "tekst":
            continue
        hints = [t for t in treffers if t.sleutel == sleutel and t.waarde == waarde and t.gewicht > 0]
        bron = [t for t in treffers if t.sleutel == en_key and t.waarde == en_val and t.gewicht > 0]
        bron = [t for t in bron if all(t.zin is not h.zin for h in hints)]
        if not hints or not bron:
            continue
        best = max(bron, key=lambda t: t.gewicht)
        treffers.append(Treffer(sleutel, waarde, float(c["gewicht"]), best.zin, f"samen: {c['code']}"))
        voorstellen[sleutel] = _besluit(sleutel, treffers, stil[sleutel], dr)


def _zinmodel():
    return _zm.model()


def _apply_model(voorstellen: dict[str, Voorstel], kansen, zm, dr: dict, uitgesloten=frozenset()) -> None:
    """The learned sentence classifier (``zinmodel``) answers where the rules found nothing.

    Per question and value the document's evidence is its most probable sentence. The model's value is
    taken only for an answer the rules left ``onbekend``, that the text does not call silent, when its
    best sentence reaches ``drempels.alleen`` of the model file, or ``drempels.steun`` when the rules'
    own (too weak) evidence points to the same value; another value must stay ``drempels.marge`` lower,
    and rules evidence that reached ``drempels.score`` for another value vetoes it. A sentence in which an
    exclusion of the lexicon (``uitsluiten``) cancelled a value is no model evidence for that value either
    (lexicon 8: "kiest samen met het gezin welke andere aanbieders nodig zijn" is no choice of content).
    The answer keeps the most probable sentences as evidence and the probability as its confidence."""
    d = zm.drempels
    for sleutel, v in voorstellen.items():
        if v.waarde != ONBEKEND or v.stil or not kansen:
            continue
        per_waarde: dict[str, list[tuple[float, Zin]]] = {}
        for zin, k in kansen:
            for waarde, p in k[sleutel].items():
                if waarde != _zm.GEEN and p >= d["steun"] and (zin.begin, sleutel, waarde) not in uitgesloten:
                    per_waarde.setdefault(waarde, []).append((p, zin))
        if not per_waarde:
            continue
        hoogste = {w: max(p for p, _ in items) for w, items in per_waarde.items()}
        ranked = sorted(hoogste.items(), key=lambda kv: -kv[1])
        waarde, p1 = ranked[0]
        p2 = ranked[1][1] if len(ranked) > 1 else 0.0
        regels_best = max(v.scores.items(), key=lambda kv: kv[1]) if v.scores else None
        steun = regels_best is not None and regels_best[0] == waarde
        if regels_best is not None and regels_best[0] != waarde and regels_best[1] >= float(dr["score"]):
            continue
        if p1 < (d["steun"] if steun else d["alleen"]) or p1 - p2 < d["marge"]:
            continue
        eigen = sorted(per_waarde[waarde], key=lambda pz: (-pz[0], pz[1].begin))[:MAX_EVIDENCE]
        v.waarde, v.zekerheid, v.herkomst, v.methode = waarde, round(p1, 2), "tekst", "model"
        v.zinnen = [z.tekst[:500] for _p, z in eigen]
        v.fragmenten = [_fragment(z) for _p, z in eigen]
        steun_tekst = ", met steun van de regels" if steun else ""
        v.uitleg = f"Herkend door de zinclassificatie (kans {p1:.2f}{steun_tekst})."


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
            weak.waarde, weak.zekerheid, weak.herkomst, weak.methode = ONBEKEND, 0.0, "geen", ""
            weak.zinnen, weak.fragmenten = [], []


def _effectief(v: Voorstel) -> str:
    """The stated answer, else the suggested one (for chaining rules)."""
    if v.waarde != ONBEKEND:
        return v.waarde
    return (v.suggestie or {}).get("waarde", ONBEKEND)


def _apply_rules(result: dict[str, Voorstel]) -> None:
    """Dependencies of document 001. A rule marked ``stelt`` (lexicon 9: the dependencies the field
    takes as read, which the development set's labels follow) states the answer from stated answers,
    with herkomst "afgeleid", method "regel", the sources' sentences as evidence and the rule in the
    explanation. ``stelt: tekst`` (round 12) states only from answers the text itself gives and
    suggests from derived ones (a second step of inference is weaker than the first). Every other
    rule, and a ``stelt`` rule over a suggestion, only proposes a value in ``Voorstel.suggestie`` and
    the answer stays ``onbekend``. Rules chain over both."""
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
                stelt = rule.get("stelt")
                if (
                    stelt
                    and all(b.waarde != ONBEKEND for b in bronnen)
                    and (stelt is True or all(b.herkomst == "tekst" for b in bronnen))
                    and all(k == v for k in target.scores)  # the text left it open between values: suggest
                ):
                    # Lexicon 9: a dependency the field takes as read (one main contractor: the
                    # municipality chose; hours: the municipality sets the volume, per product; a
                    # trajectory price: the provider decides how) states the answer, from stated
                    # answers only, with their sentences as evidence and the rule as explanation.
                    target.waarde, target.zekerheid = v, conf
                    target.herkomst, target.methode = "afgeleid", "regel"
                    target.zinnen = zinnen[:MAX_EVIDENCE]
                    target.fragmenten = [dict(f) for f in fragmenten[:MAX_EVIDENCE]]
                    target.uitleg = f"{rule['uitleg']} (regel {rule['code']})"
                    changed = True
                    continue
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
