"""``number`` conflicts: quantities with their unit word, the values a figure
allows (ranges, "more than", "about", plural round numbers such as "hundreds of
thousands"), and head counts compared across the story. People counted by what
they did ("signed by 1.8 million people") compare with the acts ("signatures");
a count still growing ("has already amassed") is not compared with another
source's, which may be the same tally at another moment. A figure listed as one
part of a whole ("40,000 letters and 38,000 photographs") agrees with another
source's figure for that whole ("80,000 photographs"): about the parts' sum.
Counts of different outcomes ("killed 12", "40 injured") are different figures; a
supposed, forecast or intended figure ("if 1,000 people come", "analysts expected
22 cents") is no claim about the event; lengths, weights, areas and volumes
compare after conversion ("5 miles" / "8 kilometres")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..caches import story_cache
from ..entities import ROLE_NOUNS, TITLE_WORDS
from ..lexical import CALENDAR, STOPWORDS, Guarded, stem
from ..model import Conflict, Sentence
from .common import Similarity, _make, _position, _quoted_spans
from .dates import _WEEKDAY as _WEEKDAY_NAME
from .dates import _date_mentions

COUNT_COSINE = 0.45
"""Cosine at which two sentences that both count people are compared."""

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200,
    "thousands": 2000,
}  # fmt: skip
_SCALE = {"dozen": 12, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_QUALIFIER = (
    r"(?:\b(?:about|around|roughly|nearly|almost|approximately|some|more than|over|"
    r"less than|fewer than|at least|up to|an estimated|as many as|just over|just under)\s+)?"
)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_COMPOUND = rf"\b(?:{'|'.join(_TENS)})[-–](?:{'|'.join(_UNITS)})\b"
"""A number word of two parts ("sixty-one"): one number, not a range."""
_QUANTITY = re.compile(
    rf"(?P<q>{_QUALIFIER}|\bbetween\s+)?(?P<cur>[$€£])?"
    rf"(?P<v>{_NUM}(?:\s*(?:-|–|to|and)\s*{_NUM})?|{_COMPOUND}|\b(?:{'|'.join(_NUMBER_WORDS)})\b)"
    rf"(?:[\s-]+(?P<scale>{'|'.join(_SCALE)}))?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    r"(?=(?P<after>(?:[\s-]+(?:of\s+(?:the|their|its|his|her)\s+)?[\w’'.-]+){0,4}))",
    re.I,
)
_QUANTITY_START = re.compile(r"[\d$€£]|\b\w")
"""Every place a ``_QUANTITY`` match can begin: a digit or a currency sign, or the
first character of a word (its qualifiers and number words start with ``\b``)."""


def _quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """``_QUANTITY.finditer(text)``, the pattern tried only where a match can begin.

    ``finditer`` tries its qualifiers and number words at every character (0.1 ms
    a sentence). Tried at ``_QUANTITY_START``'s places from where the last match
    ended, it finds the same matches in half the time (the 679 sentences with a
    number in the 100-article corpus: 71 -> 36 ms).
    """
    end = 0
    for place in _QUANTITY_START.finditer(text):
        start = place.start()
        if start < end:
            continue
        match = _QUANTITY.match(text, start)
        if match is not None:
            end = match.end()
            yield match


_DIGIT = re.compile(r"\d")
_SCALE_ABBREVIATION = re.compile(r"(bn|mn|m|k)\b", re.I)
_SCALE_SHORT = {"bn": "billion", "mn": "million", "m": "million", "k": "thousand"}
"""A scale written into an amount: "$4.2bn", "£30m", "$500k"."""
_PER = re.compile(
    r"[\s-]*(?:a|an|per)[\s-]+(share|head|person|hour|day|week|month|year|barrel|gallon|"
    r"ounce|pound|ton|tonne|kilo|unit)\b",
    re.I,
)
"""A price per unit after an amount ("$48 a share", "$70 a barrel")."""
_PARTITIVE = re.compile(
    rf"\s+of\s+(?:the\s+)?(?:\d[\d,]*|(?:{'|'.join(_NUMBER_WORDS)})\b)(?P<rest>\s+[A-Za-z])", re.I
)
"""A figure that counts part of another: "nine of 11 counts", "six of the 11 seats"."""
_NUMBER_WORD = Guarded(
    re.compile(rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.I), tuple(_NUMBER_WORDS)
)
"""A number word ("twelve", "dozens")."""


def _may_count(text: str) -> bool:
    """Whether a sentence holds a digit, a number word or a plural round number
    (``_MAGNITUDE``): a cheap test run first, as most sentences hold no quantity."""
    return bool(_DIGIT.search(text) or _NUMBER_WORD.search(text) or _MAGNITUDE.search(text))


_PEOPLE = frozenset(
    """people person migrant immigrant refugee asylum-seeker seeker individual""".split()  # noqa: SIM905
)
"""Unit words for an undifferentiated crowd: interchangeable ("130 migrants" vs
"400 people"). Role nouns (members, participants, supporters, families) only
compare with the same noun."""
_VAGUE = frozenset({"dozen", "dozens", "hundreds", "thousands", "several", "few", "many"})
_CONVERSION = re.compile(
    rf"(?:\d|\b(?:{'|'.join(_SCALE)}))(?:\s+[A-Za-z]+)?\s*\(\s*(?:{_QUALIFIER})$", re.I
)
"""Text ending just before a bracketed amount that restates the amount before it."""
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")
_MAGNITUDES = {
    "dozens": (24.0, 200.0),
    "hundreds": (200.0, 1e3),
    "thousands": (2e3, 1e4),
    "tens of thousands": (2e4, 1e5),
    "hundreds of thousands": (2e5, 1e6),
    "millions": (2e6, 1e9),
    "tens of millions": (2e7, 1e8),
    "hundreds of millions": (2e8, 1e9),
}
"""Plural round numbers read plainly, as ``_NUMBER_WORDS`` does: at least two of
the unit ("hundreds of thousands" is 200,000 to a million, so neither "100,000"
nor "more than 1.8 million"); "dozens" is read generously, up to 200."""
_MAGNITUDE = Guarded(
    re.compile(
        r"(?<![\d,.])\b(?P<v>(?:tens|hundreds)\s+of\s+(?:thousands|millions)|"
        r"dozens|hundreds|thousands|millions)\b(?:\s+of\b)?"
        r"(?=(?P<after>(?:[\s-]+[\w’'.-]+){0,4}))",
        re.I,
    ),
    ("dozens", "hundreds", "thousands", "millions"),
)
_RUNNING = Guarded(
    re.compile(
        r"\b(?:already|so far|to date|as of|and counting|at last count|"
        r"within (?:an?|one|two|three|a few|the first|\d+) (?:hours?|minutes?|days?|weeks?)|"
        r"(?:has|have|had) (?:grown|risen|climbed|swelled|reached|amassed|topped|passed|"
        r"surpassed|gathered|attracted|drawn)|amassed)\b",
        re.I,
    ),
    ("already", "so far", "to date", "as of", "and counting", "at last count", "within",
     "grown", "risen", "climbed", "swelled", "reached", "amassed", "topped", "passed",
     "surpassed", "gathered", "attracted", "drawn"),
)  # fmt: skip
"""A count still growing ("has already amassed", "within an hour"): two sources'
tallies of it, taken at different moments, may differ without disagreeing."""
_DONE_BY = re.compile(r"\b([a-z]{3,})ed\s+by\s+$")
_DID = re.compile(r"\s+(?:(?:have|has|had)\s+)?([a-z]{3,})ed\b")
_ACT_SUFFIXES = ("ature", "ation", "ion", "ment", "al")


@dataclass(frozen=True, slots=True)
class _Quantity:
    value: str
    unit: str
    start: int
    end: int
    text: str
    units: frozenset[str] = frozenset()
    """Every noun the number may count (e.g. {"secret", "file"}); comparable if shared."""
    outcomes: frozenset[str] = frozenset()
    """What happened to those counted, where the words around the figure say
    (``_OUTCOMES``: "killed 12 people" is a death toll, "40 injured" an injury
    count); empty when they do not. Two counts with outcomes compare only if they
    share one."""
    kind: str = ""
    """"supposed:<word>" for a supposition, forecast, request or goal ("if 1,000 people
    come": "supposed:if"; "prosecutors sought 15 years": "supposed:seek"), "population"
    for the people of a place ("a town of 85,000 people"), else "": figures compare
    only with their own kind (two outlets' "sought 15 years" / "sought 20 years" do)."""


def _same_kind(x: _Quantity, y: _Quantity) -> bool:
    """One kind, and an outcome in common if both name any ("killed 12" / "injured
    40": no; "240 destroyed" / "330 destroyed or damaged": no)."""
    return x.kind == y.kind and not (x.outcomes and y.outcomes and not x.outcomes & y.outcomes)


def comparable(x: _Quantity, y: _Quantity, strict: bool = False) -> bool:
    """Whether two figures count the same thing: a noun in common, one kind (actual,
    supposed, a population), and an outcome in common if both name any ("killed 12
    people" / "injured 40 people"; "240 homes destroyed" / "330 destroyed or damaged",
    whose either-or is an outcome of its own).

    ``strict``, for sentences the aligner did not group: also an outcome on both sides
    or on neither ("three people died" / "60 people were working the night shift"),
    and values less than ``HEAD_COUNT_RATIO`` times apart (three plaintiffs / the
    38,000 couriers a ruling affects). Aligned sentences keep far-apart figures: police
    8,000 against organisers 100,000 is the dispute itself.
    """
    if not x.units & y.units or not _same_kind(x, y):
        return False
    if not strict:
        return True
    return not _far_apart(x, y) and bool(x.outcomes) == bool(y.outcomes)


@story_cache(65_536)
def quantities(text: str) -> tuple[_Quantity, ...]:
    """Find quantities with their unit word, skipping years and times of day.

    Args:
        text: A sentence.

    Returns:
        Quantities in order; ``value`` is normalised ("1200", "150-200", "25%").
    """
    if not _may_count(text):
        return ()
    result = list(_magnitudes(text))
    for match in _quantity_matches(text):
        raw = match.group("v")
        at = match.start("v")
        if at > 1 and text[at - 1] == "." and text[at - 2].isdigit():
            continue  # "the 2.6.0 kernel": the end of a version number
        if _YEAR.fullmatch(raw) and not match.group("pct"):
            continue
        if _CONVERSION.search(text, 0, match.start()) and match.group("cur"):
            continue  # "6.4 billion euros ($7.7 billion)": the same amount, converted
        before = text[max(0, match.start() - 12) : match.start()].lower().split()
        if raw.lower() in _VAGUE or (before and before[-1] in _VAGUE):
            continue
        if match.group("pct"):
            unit, end = "%", match.end("pct")
            follow = _first_content_word(match.group("after"))
            if follow:
                unit = f"% {follow}"
            units = frozenset({unit})
        else:
            found = _unit_word(match.group("after"), match.start("after"))
            fate = _BARE_OUTCOME.match(text, match.end("v"))
            if (
                fate
                and fate.group(1).lower() in _OUTCOME_OF
                and not match.group("cur")
                and (found is None or found[0] in ("other", "more") or found[0] in _OUTCOME_OF)
            ):
                found = "people", fate.end(), frozenset({"people"})  # "11 have been injured"
            if found is None:
                part = _PARTITIVE.match(text, match.end("v"))
                if part:  # "nine of 11 counts": nine counts
                    found = _unit_word(text[part.start("rest") :], part.start("rest"))
            if found is not None:
                unit, end, units = found
                measure = next((u for u in sorted(units) if u in _MEASURES), None)
                if measure is not None:  # "a 270-kilogram altar" weighs, it is no count
                    unit, units = measure, frozenset({measure})
            elif match.group("cur"):
                unit, end, units = (
                    "",
                    match.end("scale") if match.group("scale") else match.end("v"),
                    frozenset({""}),
                )
            else:
                continue
        scale = match.group("scale")
        short = _SCALE_ABBREVIATION.match(text, match.end("v")) if match.group("cur") else None
        if short and not scale:  # "$4.2bn", "£30m"
            scale, end = _SCALE_SHORT[short.group(1).lower()], max(end, short.end())
        value = _normalise_number(raw, scale)
        if match.group("cur"):
            rate = _PER.match(text, end)
            if rate:  # "$48 a share", "48 cents a share": a price, not a sum
                unit, end = f"{unit}/{rate.group(1).lower()}", rate.end()
                units = frozenset({unit})
            unit = match.group("cur") + unit
            units = frozenset({match.group("cur") + u for u in units})
        start = match.start("cur") if match.group("cur") else match.start("v")
        if match.group("q"):
            start = match.start("q")
        result.append(_figure(text, value, unit, start, end, units))
    return tuple(sorted(result, key=lambda q: q.start))


def _figure(
    text: str, value: str, unit: str, start: int, end: int, units: frozenset[str]
) -> _Quantity:
    """The figure at ``text[start:end]``, with what its words say it counts: the acts
    (``_acts``), the outcomes and its kind."""
    units |= _acts(text, start, end, units)
    return _Quantity(
        value, unit, start, end, text[start:end], units,
        _outcomes(text, start, end), _kind(text, start, end),
    )  # fmt: skip


_OUTCOMES = {
    "death": "kill killed killing dead death deaths died die dying fatalities fatality "
    "fatal perished lives",
    "injury": "injured injuring injure injuries injury wounded wounding hurt "
    "hospitalized hospitalised",
    "missing": "missing unaccounted",
    "arrest": "arrested arresting arrest arrests detained detaining detention",
    "evacuation": "evacuated evacuating evacuation evacuate",
    "rescue": "rescued rescuing rescue",
    "displacement": "displaced homeless shelter shelters sheltering evacuees",
    "destruction": "destroyed destroying razed flattened",
    "damage": "damaged damaging",
    "addition": "another",
    "illness": "sickened sick ill illness infected",
    "suspicion": "suspected probable",
    "testing": "tested testing",
}
"""What may have happened to people (or buildings) counted in an accident, a disaster,
an outbreak or an operation, by the words that say so: a death toll, an injury count
and a count of arrests are three different figures even when all count "people"; so
are homes destroyed and homes damaged, people sickened, suspected and tested, and a
total against "another 11" or "11 more"."""
_BARE_OUTCOME = re.compile(
    r"\s+(?:(?:others?|more)\s+)?(?:(?:have|has|had)\s+been\s+|were\s+|was\s+|are\s+|is\s+)?"
    r"([a-z]+)\b",
    re.I,
)
"""A figure with no noun, then what happened to those it counts ("11 have been
injured", "14 others injured", "three died")."""
_ASIDE = re.compile(r"^,\s+(?:including|among\s+them|most\s+of\s+them)\b[^,]*,", re.I)
"""An aside after a count, left out when reading its outcome ("Twelve people,
including two children, were killed")."""
_EITHER = re.compile(
    r"\b([a-z]+(?:ed|ead|ing)|missing|sick|ill)\s+or\s+(?:(?:are|were|is|was|been)\s+)?"
    r"([a-z]+(?:ed|ead|ing)|missing|sick|ill)\b",
    re.I,
)
"""Two states joined by "or" right after a count: one count of both ("destroyed or
damaged", "dead or missing", "confirmed or are suspected")."""
_ADDED_BEFORE = re.compile(r"\banother\s+$", re.I)
_ADDED = re.compile(r"(?:\d|\b[a-z]+)\s+(?:more|new|additional)\b", re.I)
"""An addition to a count: "another 11 people", "11 more people" (not "more than 11")."""
_OUTCOME_OF = {word: outcome for outcome, listed in _OUTCOMES.items() for word in listed.split()}
_OUTCOME_WORDS = re.compile(r"[a-z]+")
_CLAUSE_END = re.compile(r"[,;:()—–]|\band\b|\bbut\b|\bwhile\b")
_HYPOTHETICAL = re.compile(
    r"\b(?:if|unless|expects?|expected|expecting|predicts?|predicted|forecasts?|projected|"
    r"sought|seeks?|seeking|requested|demanded|proposed|recommended|asked\s+for|"
    r"(?:hopes|hoped|hoping|plans|planned|planning|aims|aimed|aiming|wants|wanted)\s+to|"
    r"(?:we|they|i|you)\s+(?:hope|plan|aim|want)\s+to)\b",
    re.I,
)
"""Words before a figure, in its clause, that make the figure a supposition, a
forecast, a request or a goal ("if 1,000 people come", "organisers expected 5,000",
"prosecutors had asked for a 15-year term", "plans to hire 15"; not "the plan adds
15 teachers" or "the plan to a pared-down 19 points")."""
_REQUESTED_AFTER = re.compile(
    r"(?:\s+(?!(?:and|but|or|after|when|while|which|who)\b)[\w’'-]+){0,3}?\s+"
    r"(?:had\s+|have\s+|has\s+)?(?P<verb>sought|requested|demanded|proposed|recommended)\b",
    re.I,
)
"""A request right after a figure and its noun ("15 years prosecutors had sought",
"the five-year term requested by the defense")."""
_MODAL_AFTER = re.compile(r"^\s+(?:could|would|might)\b", re.I)
"""A conditional verb right after a figure and its noun ("1,000 people could come")."""


_DEFINITE = re.compile(r"\b(?:the|its|their|his|her|our|this|that|these|those)\s+$", re.I)
"""A determiner right before a figure: the figure is given as known ("after the
30-day reprieve"), whatever clause holds it."""


HYPOTHETICAL_REACH = 40
"""Characters before a figure a supposition's word may stand in ("organisers had
expected as many as 5,000")."""
_BREAK = re.compile(r"\b(?:and|but|or|after|before|when|while|who|which|that|because)\b", re.I)
"""A word that ends the supposition's reach: what follows it is said plainly."""


def _clause_start(text: str, start: int) -> int:
    """Where the clause holding ``text[start]`` begins (after the last , ; : — or
    bracket before it; a sentence start otherwise)."""
    return max(text.rfind(mark, 0, start) for mark in ",;:()—–") + 1


_POPULATION = re.compile(
    r"\b(?:town|city|village|community|country|nation|state|county|district|island|region|"
    r"suburb|neighbou?rhood|borough|province)\s+of\s+(?:about\s+|some\s+|nearly\s+|roughly\s+|"
    r"around\s+|more\s+than\s+|over\s+|almost\s+)?$",
    re.I,
)
"""A place's people: "a town of about 85,000 people"."""


def _kind(text: str, start: int, end: int) -> str:
    """``_Quantity.kind`` of the figure at ``text[start:end]``."""
    supposed = _hypothetical(text, start, end)
    if supposed:
        return f"supposed:{supposed}"  # two forecasts compare, a forecast and a count do not
    if _POPULATION.search(text, max(0, start - 40), start):
        return "population"
    return ""


def _hypothetical(text: str, start: int, end: int) -> str:
    """The word that makes a figure a supposition, a forecast, a request or a goal
    rather than a count of what happened ("If 1,000 people come", "organisers
    expected 5,000 people", "1,000 people could arrive", "the 15 years prosecutors
    had sought"), as ``_Quantity.kind`` names it ("if", "expect", "seek"); "" for a
    plain figure, or one given as known after a determiner ("if the EU's tariffs hit
    the 6.4 billion euros of exports")."""
    requested = _REQUESTED_AFTER.match(text[end : end + 60])
    if requested:
        return _trigger(requested.group("verb"))  # "the 15 years prosecutors had sought"
    if _DEFINITE.search(text, max(0, start - 8), start):
        return ""  # "if tariffs hit the 6.4 billion euros of exports": a given amount
    clause = max(_clause_start(text, start), start - HYPOTHETICAL_REACH)
    trigger = _HYPOTHETICAL.search(text, clause, start)
    if trigger and not _BREAK.search(text, trigger.end(), start):
        return _trigger(trigger.group())  # not "cut 500 jobs and proposed more"
    modal = _MODAL_AFTER.match(text[end : end + 40])
    return "could" if modal else ""


def _trigger(word: str) -> str:
    """A supposition's word, folded so that its forms agree ("sought" / "seeks": seek;
    "expected" / "expects": expect; "asked for": ask)."""
    first = word.lower().split()[0]
    return _TRIGGER_FORMS.get(first, stem(first))


_TRIGGER_FORMS = {"sought": "seek", "seeking": "seek", "seeks": "seek", "hoped": "hope",
                  "hoping": "hope", "planned": "plan", "planning": "plan", "aimed": "aim",
                  "aiming": "aim", "wanted": "want", "forecast": "forecast",
                  "projected": "project", "predicted": "predict", "expected": "expect"}  # fmt: skip


def _outcomes(text: str, start: int, end: int) -> frozenset[str]:
    """The outcomes (``_OUTCOMES``) the figure's own words name: the two words before
    it and, up to the clause's end, the four after it ("the fire killed 12 people",
    "12 people were killed", "40 injured")."""
    before_text = text[max(0, start - 24) : start].lower()
    cuts = list(_CLAUSE_END.finditer(before_text))
    before = _OUTCOME_WORDS.findall(before_text[cuts[-1].end() :] if cuts else before_text)[-2:]
    after_text = _ASIDE.sub("", text[end : end + 80]).lower()[:40]
    cut = _CLAUSE_END.search(after_text)
    clause = after_text[: cut.start()] if cut else after_text
    after = _OUTCOME_WORDS.findall(clause)[:4]
    own = _OUTCOME_WORDS.findall(text[start:end].lower())
    if _ADDED_BEFORE.search(text, max(0, start - 10), start) or _ADDED.search(text, start, end):
        own.append("another")  # "another 11 people", "11 more people": an addition
    found = frozenset(_OUTCOME_OF[word] for word in (*before, *own, *after) if word in _OUTCOME_OF)
    either = _EITHER.search(clause)
    if either:  # "destroyed or damaged", "confirmed or suspected": a count of its own
        return frozenset({f"{either.group(1).lower()}|{either.group(2).lower()}"})
    return found


def _magnitudes(text: str) -> list[_Quantity]:
    """Plural round numbers with the noun they count ("hundreds of thousands of
    signatures"), their value the range ``_MAGNITUDES`` gives them."""
    found = []
    for match in _MAGNITUDE.finditer(text):
        unit_found = _unit_word(match.group("after"), match.start("after"))
        if unit_found is None:
            continue
        unit, end, units = unit_found
        low, high = _MAGNITUDES[" ".join(match.group("v").lower().split())]
        found.append(_figure(text, f"{low:g}-{high:g}", unit, match.start("v"), end, units))
    return found


def _acts(text: str, start: int, end: int, units: frozenset[str]) -> frozenset[str]:
    """What a count counts as acts, marked "~": "signed by 1.8 million people" and
    "1.8 million signatures" both count signings ("~sign"), so they compare."""
    acts = set()
    if "people" in units:
        done_by = _DONE_BY.search(text, 0, start)
        did = _DID.match(text, end)
        for verb in (m.group(1) for m in (done_by, did) if m):
            acts |= {f"~{verb}", f"~{verb}e"}
    else:
        for unit in units:
            acts.add(f"~{unit}")
            acts |= {
                f"~{unit[: -len(x)]}"
                for x in _ACT_SUFFIXES
                if unit.endswith(x) and len(unit) - len(x) >= 3
            }
    return frozenset(acts)


def _first_content_word(after: str) -> str:
    for word in re.findall(r"[A-Za-z][A-Za-z-]*", after):
        folded = word.lower()
        if folded not in STOPWORDS:
            return _unit_stem(folded)
    return ""


def _unit_word(after: str, offset: int) -> tuple[str, int, frozenset[str]] | None:
    """The unit after a number: a people noun, else the next words up to a break.

    Returns ``(unit, end offset, all candidate units)`` or ``None`` when no unit
    follows (a bare number, a proper noun, a time of day).
    """
    words = list(re.finditer(r"[A-Za-z][A-Za-z’'-]*", after))
    for word in words:
        stem = _unit_stem(word.group().lower().rstrip("’'"))
        if stem in _PEOPLE:
            return "people", offset + word.end(), frozenset({"people"})
    if not words or after[: words[0].start()].strip(" -"):
        return None
    candidates: list[re.Match[str]] = []
    previous_end = words[0].start()
    for word in words[:2]:
        if after[previous_end : word.start()].strip(" -"):
            break  # punctuation: the noun phrase ended
        text = word.group()
        folded = text.lower()
        acronym = text.isupper() or (text[:-1].isupper() and text.endswith("s"))
        if folded in STOPWORDS or folded.startswith(("a.m", "p.m")):
            break
        if text[0].isupper() and not acronym:
            if _modifier(text, after, word.end()):
                previous_end = word.end()
                continue  # "Iranian files": a nationality before the counted noun
            break
        candidates.append(word)
        previous_end = word.end()
        if _unit_stem(folded) != folded:
            break  # a plural ends the noun phrase: "16 tests last year", "23 missiles during"
    if not candidates:
        return None
    units = frozenset(_unit_stem(w.group().lower()) for w in candidates)
    last = candidates[-1]
    return _unit_stem(last.group().lower()), offset + last.end(), units


_DEMONYM = re.compile(r"[A-Z][a-z]+(?:ian|ean|ican|ese|ish|i)$")
"""A nationality adjective (Iranian, American, Chinese, British, Israeli)."""


def _modifier(word: str, after: str, end: int) -> bool:
    """Whether a capitalised word is a nationality modifying the lower-case noun that
    follows it ("Iranian files"), not a name ending the phrase ("130 Hondurans")."""
    following = re.match(r"[ ]+([a-z][\w-]*)", after[end:])
    return bool(_DEMONYM.fullmatch(word) and following)


def _unit_stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "s"):
        if word.endswith(suffix) and len(word) > 2 and not word.endswith("ss"):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def _normalise_number(raw: str, scale: str | None) -> str:
    lowered = raw.lower()
    tens, _, unit = lowered.replace("–", "-").partition("-")
    if lowered in _NUMBER_WORDS:
        number = float(_NUMBER_WORDS[lowered])
    elif tens in _TENS and unit in _UNITS:
        number = float(_NUMBER_WORDS[tens] + _UNITS.index(unit) + 1)
    else:
        parts = re.split(r"\s*(?:-|–|\bto\b|\band\b)\s*", raw)
        if len(parts) == 2:
            return "-".join(_normalise_number(p, scale) for p in parts)
        try:
            number = float(raw.replace(",", ""))
        except ValueError:
            return raw
    if scale:
        number *= _SCALE[scale.lower()]
    return f"{number:g}" if number < 1e15 else str(number)


def _values(text: str) -> frozenset[str]:
    """What the number checks read of a sentence: its values ("400", "150-200").

    Both need a value one side lacks.
    """
    return frozenset(q.value for q in quantities(text))


def _number_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Figures counting the same noun, a value each side lacks, that cannot both be
    true, in two sentences of one group."""
    return _numbers(a, b, strict=False)


def _related_number_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """``_number_conflicts`` for two related sentences of different groups: what each
    figure counts must match more closely (``comparable``'s ``strict``)."""
    return _numbers(a, b, strict=True)


def _numbers(a: Sentence, b: Sentence, strict: bool) -> list[Conflict]:
    qa, qb = quantities(a.text), quantities(b.text)
    if not qa or not qb or _different_event_days(a.text, b.text):
        return []  # "closed at $34.78 on Friday" / "closed Monday at $46.95": two moments
    values_a = {q.value for q in qa}
    values_b = {q.value for q in qb}
    result = []
    for x in qa:
        same_unit = [y for y in qb if comparable(x, y, strict)]
        if not same_unit or x.value in values_b:
            continue
        if any(y.value in values_a for y in same_unit):
            continue
        y = _counterpart(x, same_unit)
        if _grows(x.unit) and _tallies(a.text, b.text):
            continue
        if not _agree(x, a.text, y, b.text):  # the figure counting the same head noun
            result.append(_number(a, b, x, y))
    return result


def _tallies(x: str, y: str) -> bool:
    """Whether either sentence gives a count still growing (``_RUNNING``)."""
    return _running(x) or _running(y)


@story_cache(65_536)
def _running(text: str) -> bool:
    """``_RUNNING`` finds something: read once a sentence, not once a pair."""
    return _RUNNING.search(text) is not None


def _lone_figures(a: Sentence, b: Sentence) -> list[Conflict]:
    """One countable figure on each side, counting different nouns ("400 marchers" /
    "130 people"): for a pair of one group, which says both count the same thing.

    Figures that share a noun are ``_number_conflicts``'s, so the two checks never
    flag the same pair: together they are what one check did with ``strong=True``
    (this part ran only when the first found nothing, and with one figure a side
    the first finds nothing exactly when the nouns differ or the figures agree).
    """
    qa, qb = quantities(a.text), quantities(b.text)
    if len(qa) != 1 or len(qb) != 1:
        return []
    x, y = qa[0], qb[0]
    if x.units & y.units:
        return []  # the same noun: compared by _number_conflicts
    if not _same_kind(x, y):
        return []  # "12 dead" / "40 injured": two counts
    if _far_apart(x, y):
        return []  # "three founders" / "1,100 staff": different nouns, far apart
    if x.unit in _MEASURES or y.unit in _MEASURES:
        if _same_measure(x, y) is False and not _tallies(a.text, b.text):
            return [_number(a, b, x, y)]
        return []  # "5 miles" / "8 kilometres": one length; a length and a count: two things
    countable = _countable(x.unit) and _countable(y.unit)
    if countable and _tallies(a.text, b.text):
        return []  # two moments of a growing count
    if x.value != y.value and countable and not compatible(x, y):
        return [_number(a, b, x, y)]
    return []


_APPROXIMATE = re.compile(
    r"^(about|around|roughly|nearly|almost|approximately|some|an estimated)\b", re.I
)
_AT_LEAST = re.compile(r"^(more than|over|at least|just over)\b", re.I)
_AT_MOST = re.compile(r"^(less than|fewer than|up to|as many as|just under)\b", re.I)
APPROXIMATE_MARGIN = 0.1
""""about 200" covers 180-220: approximate figures within 10% are compatible."""


def interval(q: _Quantity) -> tuple[float, float] | None:
    """The values a quantity allows: a range, "more than 150" (150 up), "about 200"
    (within ``APPROXIMATE_MARGIN``), or the number itself; ``None`` if unparsed."""
    try:
        parts = [float(v) for v in q.value.split("-")] if q.value else []
    except ValueError:
        return None
    if not parts:
        return None
    low, high = min(parts), max(parts)
    if _AT_LEAST.match(q.text):
        return low, float("inf")
    if _AT_MOST.match(q.text):
        return 0.0, high
    if _APPROXIMATE.match(q.text):
        return low * (1 - APPROXIMATE_MARGIN), high * (1 + APPROXIMATE_MARGIN)
    return low, high


def compatible(x: _Quantity, y: _Quantity) -> bool:
    """Whether two figures can both be true: their allowed values overlap ("150 to
    200", "more than 150" and "about 200" all can), or one is the other rounded to
    the digits it gives ("$6.3 billion" / "$6.32 billion", "$22 million" / "$22.4
    million")."""
    a, b = interval(x), interval(y)
    if a is None or b is None:
        return x.value == y.value
    return (a[0] <= b[1] and b[0] <= a[1]) or _rounded(x, y) or _rounded(y, x)


def _rounded(short: _Quantity, precise: _Quantity) -> bool:
    """Whether ``short`` is ``precise`` rounded to the decimals ``short`` is written
    with (a single value each, the same scale word): "$6.3 billion" and "$6.32 billion"."""
    if "-" in short.value or "-" in precise.value:
        return False
    written = re.search(r"\d[\d,]*(?:\.(\d+))?", short.text)
    if written is None:
        return False
    places = len(written.group(1) or "")
    scale = _SCALE_WORD.search(short.text)
    other_scale = _SCALE_WORD.search(precise.text)
    if (scale and scale.group().lower()) != (other_scale and other_scale.group().lower()):
        return False
    factor = _SCALE[scale.group().lower()] if scale else 1.0
    try:
        value, other = float(short.value) / factor, float(precise.value) / factor
    except ValueError:
        return False
    step = 10.0**-places
    close = abs(other - value) < step / 2 - 1e-12 or abs(other - value) == step / 2
    if places == 0 and abs(other - value) > ROUNDING_SHARE * abs(other):
        return False  # "$1 million" is not "$1.5 million" rounded, nor 4 percent 4.4
    return value != other and close and places < 3


ROUNDING_SHARE = 0.05
"""A whole number stands for a more precise figure within 5% of it ("$22 million" /
"$22.4 million", "9%" / "8.76 per cent"), not within half a unit ("4 percent" / "4.4
percent", "$1 million" / "$1.5 million")."""
_SCALE_WORD = re.compile(rf"\b(?:{'|'.join(_SCALE)})\b", re.I)


WHOLE_OVER_PART = 1.5
"""A figure read as the total of a list of counts must be at least this many times the
part that counts its noun; nearer the part, it is read as another count of that
part ("12 soldiers and 40 civilians" against "50 civilians": a disagreement on
the civilians, not a total of 52). "20 police officers and 40 civilians" against
"60 civilians" still reads as the total: wording alone cannot tell the two apart."""
_PART_JOIN = re.compile(r",?\s+(?:and|plus)\s+|,\s*")
"""What joins two parts of one list of counts: a comma, "and" or "plus" (a list
has at least one "and" or "plus")."""
_AND = re.compile(r"\b(?:and|plus)\b")


def _whole(q: _Quantity, sentence: str) -> tuple[float, float] | None:
    """The values a whole may take when ``q`` is one part of a list of counts of
    different nouns in its sentence ("40,000 letters and 38,000 photographs on 90
    reels": 78,000 letters and photographs), read as about their sum (``APPROXIMATE_MARGIN``: a
    source giving the whole may round it); ``None`` when ``q`` stands alone, a
    noun is counted twice, or a part is a share, an amount, a time or unparsed."""
    found = quantities(sentence)
    at = next((n for n, other in enumerate(found) if other == q), None)
    if at is None:
        return None
    first = last = at
    while first > 0 and _PART_JOIN.fullmatch(sentence[found[first - 1].end : found[first].start]):
        first -= 1
    while last + 1 < len(found) and _PART_JOIN.fullmatch(
        sentence[found[last].end : found[last + 1].start]
    ):
        last += 1
    parts = found[first : last + 1]
    gaps = [sentence[x.end : y.start] for x, y in zip(parts, parts[1:], strict=False)]
    if not any(_AND.search(gap) for gap in gaps) or len({p.unit for p in parts}) < len(parts):
        return None  # no list ("Of the 400 people, 130 …"), or a noun counted twice
    bounds = [interval(p) if _countable(p.unit) else None for p in parts]
    if any(b is None for b in bounds):
        return None
    low = sum(b[0] for b in bounds if b is not None)
    high = sum(b[1] for b in bounds if b is not None)
    return low * (1 - APPROXIMATE_MARGIN), high * (1 + APPROXIMATE_MARGIN)


def _agree(x: _Quantity, text_x: str, y: _Quantity, text_y: str) -> bool:
    """Whether two figures can both be true (``compatible``), or one is a part of a
    whole (``_whole``) whose sum the other, a figure standing alone, may give:
    "40,000 letters and 38,000 photographs" against "80,000 photographs", a source
    that counts everything as photographs. Two parts of lists are compared as they are."""
    if compatible(x, y):
        return True
    whole_x, whole_y = _whole(x, text_x), _whole(y, text_y)
    if (whole_x is None) == (whole_y is None):
        return False  # no list, or two lists compared part by part ("643 dead and …")
    whole, part, alone = (whole_x, x, y) if whole_x else (whole_y, y, x)
    allowed, counted = interval(alone), interval(part)
    if not (whole and allowed and counted) or allowed[0] < WHOLE_OVER_PART * counted[1]:
        return False  # near the part: another count of it ("40 civilians" / "50 civilians")
    return whole[0] <= allowed[1] and allowed[0] <= whole[1]


def _counterpart(x: _Quantity, candidates: list[_Quantity]) -> _Quantity:
    """The candidate counting the same head noun as ``x`` ("20 missile tests" ->
    "16 tests", not "23 missiles"), else the first that shares any unit."""
    return next((y for y in candidates if x.unit in y.units), candidates[0])


def _number(a: Sentence, b: Sentence, x: _Quantity, y: _Quantity) -> Conflict:
    return _make(
        "number", a, b, (x.start, x.end), (y.start, y.end),
        f"numbers differ: “{x.text}” vs “{y.text}”",
    )  # fmt: skip


def _head_counts(sentences: list[Sentence], similarity: Similarity) -> list[Conflict]:
    """Counts of the same thing that differ between related sentences of different sources.

    Head-counts ("about 130 migrants" vs "roughly 400 people") and tallies
    ("hundreds of thousands of files" vs "tens of thousands") are the conflicts
    readers most want surfaced, and outlets word them too differently for the
    aligner to group them; so every cross-source pair of sentences counting the
    same unit is checked, if the sentences are at least loosely related.
    """
    counted: dict[str, tuple[Sentence, list[_Quantity]]] = {}
    by_unit: dict[str, list[str]] = {}
    for s in sentences:
        counts = [q for q in quantities(s.text) if _countable(q.unit)]
        if counts:
            counted[s.id] = (s, counts)
            for unit in {u for q in counts for u in q.units}:
                by_unit.setdefault(unit, []).append(s.id)
    pairs = {
        (x, y)
        for ids in by_unit.values()
        for n, x in enumerate(ids)
        for y in ids[n + 1 :]
        if counted[x][0].article_id != counted[y][0].article_id
    }
    result = []
    sentence_of = {k: v[0] for k, v in counted.items()}
    for x_id, y_id in sorted(pairs, key=lambda p: _position(p, sentence_of)):
        (a, qa), (b, qb) = counted[x_id], counted[y_id]
        if a.order > b.order:
            (a, qa), (b, qb) = (b, qb), (a, qa)
        values_a = {q.value for q in qa}
        values_b = {q.value for q in qb}
        if _other_moments(a.text, b.text) or _tallies(a.text, b.text):
            continue  # counts of two moments ("arrived Wednesday" / "waited Sunday")
        quoted_a, quoted_b = _quoted_spans(a.text), _quoted_spans(b.text)
        for x in qa:
            if _inside(x, quoted_a):
                continue  # a figure someone says, maybe about something else
            same = [y for y in qb if comparable(x, y, strict=True) and not _inside(y, quoted_b)]
            if not same or x.value in values_b or any(y.value in values_a for y in same):
                continue
            if _agree(x, a.text, _counterpart(x, same), b.text):
                continue
            if similarity(a.id, b.id) >= COUNT_COSINE:
                result.append(_number(a, b, x, _counterpart(x, same)))
                break
    return result


HEAD_COUNT_RATIO = 10.0
"""Two figures this many times apart count different things (the three couriers who
sued against the 38,000 the ruling affects; a town's 85,000 people against a
plant's 230): outlets that count one crowd, or one sum, differ by less."""


def _far_apart(x: _Quantity, y: _Quantity) -> bool:
    """Whether two figures' allowed values (``interval``) are more than
    ``HEAD_COUNT_RATIO`` times apart."""
    a, b = interval(x), interval(y)
    if a is None or b is None:
        return False
    low, high = (a, b) if a[1] < b[0] else (b, a)
    return low[1] < high[0] and high[0] > HEAD_COUNT_RATIO * max(low[1], 1e-9)


def _inside(q: _Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(start <= q.start and q.end <= end for start, end in spans)


_SAID_ON = re.compile(
    r"\b(?:said|says|announced|reported|told\s+\w+|confirmed|added)\s+(?:on\s+|late\s+|early\s+)?$",
    re.I,
)
"""A weekday that dates a statement ("officials said on Tuesday"), not the event."""


def _different_event_days(x: str, y: str) -> bool:
    """Both sentences date their event to a weekday, and none in common: a weekday
    that dates a statement ("said Tuesday") does not count."""
    days_x, days_y = _event_weekdays(x), _event_weekdays(y)
    return bool(days_x and days_y and not days_x & days_y)


@story_cache(65_536)
def _event_weekdays(text: str) -> frozenset[str]:
    """The weekdays a sentence names that do not date a statement (read once a
    sentence, not once a pair)."""
    if not _date_mentions(text)[0][0]:
        return frozenset()
    return frozenset(
        m.group().lower()
        for m in _WEEKDAY_NAME.finditer(text)
        if not _SAID_ON.search(text, max(0, m.start() - 30), m.start())
    )


def _other_moments(x: str, y: str) -> bool:
    """Whether two loosely related counts may be of different moments: the sentences
    name no weekday in common, and at least one names one ("130 arrived at the border
    Wednesday" against "150 migrants spent the night": not the same count)."""
    days_x, days_y = _date_mentions(x)[0][0], _date_mentions(y)[0][0]
    return bool(days_x or days_y) and not days_x & days_y


_MEASURES = {
    **dict.fromkeys(("mile",), ("length", 1609.344)),
    **dict.fromkeys(("kilometre", "kilometer", "km"), ("length", 1000.0)),
    **dict.fromkeys(("metre", "meter"), ("length", 1.0)),
    **dict.fromkeys(("foot", "feet", "ft"), ("length", 0.3048)),
    **dict.fromkeys(("yard",), ("length", 0.9144)),
    **dict.fromkeys(("inch", "inche"), ("length", 0.0254)),
    **dict.fromkeys(("centimetre", "centimeter", "cm"), ("length", 0.01)),
    **dict.fromkeys(("pound", "lb"), ("mass", 0.45359)),
    **dict.fromkeys(("kilogram", "kilo", "kg"), ("mass", 1.0)),
    **dict.fromkeys(("ton", "tonne"), ("mass", 1000.0)),
    **dict.fromkeys(("acre",), ("area", 4046.86)),
    **dict.fromkeys(("hectare",), ("area", 10000.0)),
    **dict.fromkeys(("gallon",), ("volume", 3.78541)),
    **dict.fromkeys(("litre", "liter"), ("volume", 1.0)),
    **dict.fromkeys(("barrel",), ("volume", 158.987)),
}
"""Units of measure (as ``_unit_stem`` leaves them), their dimension and size in one
unit of it: "5 miles" and "8 kilometres" are one length. A short and a metric ton
are one "ton" here (they differ by 10%, within what ``_same_measure`` allows)."""
CONVERSION_MARGIN = 0.1
"""Two lengths (weights, areas, volumes) in different units agree within 10%: a
converted figure is rounded ("5 miles (8 km)")."""


def _same_measure(x: _Quantity, y: _Quantity) -> bool | None:
    """Whether two figures in units of measure give one amount (``True``), two
    (``False``), or cannot be compared (``None``: a count, another dimension, an
    unparsed value)."""
    mx, my = _MEASURES.get(x.unit), _MEASURES.get(y.unit)
    if mx is None or my is None or mx[0] != my[0]:
        return None
    a, b = interval(x), interval(y)
    if a is None or b is None:
        return None
    low_a, high_a = a[0] * mx[1], a[1] * mx[1]
    low_b, high_b = b[0] * my[1], b[1] * my[1]
    margin = 1 + CONVERSION_MARGIN
    return low_a <= high_b * margin and low_b <= high_a * margin


def _grows(unit: str) -> bool:
    """Whether a figure in this unit can be a running tally (``_tallies``): a count,
    or a measure ("has so far charred 11,400 acres"); not a share, price or time."""
    return _countable(unit) or unit in _MEASURES


def _countable(unit: str) -> bool:
    return (
        not unit.startswith(("%", "$", "€", "£"))
        and unit not in _TIME_UNITS
        and unit not in _MEASURES
    )


_TIME_UNITS = {"day", "week", "month", "year", "hour", "minute", "second", "decade", "century"}


_TALLY = Guarded(
    re.compile(
        r"\b(?:vot(?:ed|ing|e\s+was|e\s+of)|by\s+a\s+(?:vote|margin)\s+of|ruled|margin\s+of)"
        r"\s+(?P<a>\d{1,3})\s*(?:-|–|to)\s*(?P<b>\d{1,3})\b"
        r"|\b(?P<c>\d{1,3})[-–](?P<d>\d{1,3})\s+(?:vote|ruling|decision|verdict|majority|split)\b",
        re.I,
    ),
    ("vot", "margin", "ruled", "ruling", "decision", "verdict", "majority", "split"),
)
"""A vote's tally: "voted 7-4", "the vote was 7-4", "by a vote of 7 to 4", "a 5-2 ruling"."""


_ANY_TALLY = re.compile(r"\b[0-9]{1,3}\s*[-–]\s*[0-9]{1,3}\b|\b[0-9]{1,3}\s+to\s+[0-9]{1,3}\b")


@story_cache(65_536)
def _tally_read(text: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """What the tally check reads of a sentence: its one vote tally (larger side first)
    and its span; ``None`` when it gives none or several."""
    if not _DIGIT.search(text):
        return None  # a tally has its numbers: most sentences end here
    found = [m for m in _TALLY.finditer(text)]
    if found and len(_ANY_TALLY.findall(text)) > len(found):
        return None  # "cleared committee 5-2 before the council approved it 9-4": two votes
    tallies = {
        tuple(
            sorted(
                (int(m.group("a") or m.group("c")), int(m.group("b") or m.group("d"))), reverse=True
            )
        )
        for m in found
    }
    if len(tallies) != 1:
        return None
    first = found[0]
    start = first.start("a") if first.group("a") else first.start("c")
    end = first.end("b") if first.group("b") else first.end("d")
    high, low = tallies.pop()
    return (high, low), (start, end)


def _tally_details(text: str) -> tuple[int, int] | None:
    """What the tally check reads of a sentence, without the span."""
    read = _tally_read(text)
    return read[0] if read else None


def _tally_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Two sentences of one group giving one vote different tallies ("voted 7-4" /
    "voted 8-3")."""
    read_a, read_b = _tally_read(a.text), _tally_read(b.text)
    if read_a is None or read_b is None or read_a[0] == read_b[0]:
        return []
    (_, span_a), (_, span_b) = read_a, read_b
    text_a, text_b = a.text[slice(*span_a)], b.text[slice(*span_b)]
    return [_make("number", a, b, span_a, span_b, f"vote tallies differ: “{text_a}” vs “{text_b}”")]


_PERSON_NAME = r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})"
_AGE = Guarded(
    re.compile(
        rf"\b{_PERSON_NAME},\s+(?:(?:the|a|an)\s+)?(?P<age>[0-9]{{1,3}})(?:-year-old\b|(?=[,.;]|\s+and\b))"
        rf"|\b(?P<age2>[0-9]{{1,3}})-year-old\s+(?:[a-z]+\s+){{0,3}}?(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?"
        rf"(?P<name2>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}})"
        rf"|\b{_PERSON_NAME.replace('name', 'name3')},?\s+aged\s+(?P<age3>[0-9]{{1,3}})\b"
    ),
    tuple("0123456789"),  # every age has its digits: most sentences are not searched
)
"""A person's age: "Harold Dunmore, 81,", "Ms. Whitfield, 51,", "Harold Dunmore, the
81-year-old retired machinist", "the 78-year-old Harold Dunmore", "Dunmore, aged 81"."""


@dataclass(frozen=True, slots=True)
class _Age:
    sentence: Sentence
    given: frozenset[str]
    """The name's words before the surname (none for "Ms. Whitfield")."""
    sex: str
    """"he" after Mr., "she" after Mrs. or Ms., else "": "Mr. Avila" is not "Ms. Avila"."""
    surname: str
    age: int
    span: tuple[int, int]


@story_cache(65_536)
def _ages(text: str) -> tuple[tuple[frozenset[str], str, str, int, tuple[int, int]], ...]:
    """The ages a sentence gives people: (the name's other words, sex as an honorific
    says it, surname, age, span)."""
    found = []
    for match in _AGE.finditer(text):
        k = next(k for k in ("", "2", "3") if match.group("age" + k))
        name = match.group("name" + k).split()
        while len(name) > 1 and _not_a_name(name[0]):
            name.pop(0)  # "The Harold Dunmore", "Judge Ann Lee"
        age = int(match.group("age" + k))
        honorific = _HONORIFIC.match(match.group())
        if not 0 < age < 120 or name[-1].lower() in CALENDAR:
            continue
        if len(name) < 2 and not honorific:
            continue  # "a 23-year-old Palestinian", "Ohio, 12": no person named
        found.append((frozenset(name[:-1]), _sex(honorific), name[-1], age, match.span()))
    return tuple(found)


_HONORIFIC = re.compile(r"(?:.*?\b)?(Mr|Mrs|Ms|Dr)\.?\s", re.I)


def _sex(honorific: re.Match[str] | None) -> str:
    """ "he" for Mr., "she" for Mrs. or Ms., "" for Dr. or none."""
    word = honorific.group(1).lower() if honorific else ""
    return "he" if word == "mr" else "she" if word in ("mrs", "ms") else ""


def _not_a_name(word: str) -> bool:
    """A capitalised word before a name that is no part of it: a stopword, a title or
    a role ("The", "Judge")."""
    bare = word.lower().rstrip(".")
    return bare in STOPWORDS or bare in TITLE_WORDS or bare in ROLE_NOUNS


def _one_person(x: _Age, y: _Age) -> bool:
    """Same surname, and a given name in common where both give one ("Contractor Dana
    Whitfield" / "Dana Whitfield" / "Ms. Whitfield"; not "Kenia Avila" / "Jose Avila")."""
    if x.surname != y.surname or (x.sex and y.sex and x.sex != y.sex):
        return False  # "Mr. Avila" / "Ms. Avila"
    return not x.given or not y.given or bool(x.given & y.given)


def age_conflicts(sentences: list[Sentence]) -> list[Conflict]:
    """One person given two ages by two sources, anywhere in the story ("Harold
    Dunmore, 81" / "the 78-year-old Harold Dunmore"). A surname alone is read only
    when every full name the story ages with it is one person."""
    by_surname: dict[str, list[_Age]] = {}
    for s in sentences:
        if not _AGE.possible(s.text):
            continue
        for given, sex, surname, age, span in _ages(s.text):
            by_surname.setdefault(surname, []).append(_Age(s, given, sex, surname, age, span))
    result: dict[tuple[str, str, str, int, int], Conflict] = {}
    for mentions in by_surname.values():
        full = [m for m in mentions if m.given]
        clear = all(_one_person(x, y) for n, x in enumerate(full) for y in full[n + 1 :])
        for n, x in enumerate(mentions):
            for y in mentions[n + 1 :]:
                if x.sentence.article_id == y.sentence.article_id or x.age == y.age:
                    continue
                named = (x.given or x.sex) and (y.given or y.sex)  # a name or an honorific each
                if not _one_person(x, y) or (not clear and not named):
                    continue
                a, b = (x, y) if x.sentence.order <= y.sentence.order else (y, x)
                key = (a.sentence.article_id, b.sentence.article_id, a.surname, a.age, b.age)
                text_a, text_b = a.sentence.text[slice(*a.span)], b.sentence.text[slice(*b.span)]
                result.setdefault(key, _make(
                    "number", a.sentence, b.sentence, a.span, b.span,
                    f"ages differ: “{text_a}” vs “{text_b}”",
                ))  # fmt: skip
    return list(result.values())
