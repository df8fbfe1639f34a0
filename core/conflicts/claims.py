"""``claim`` conflicts: one source asserts what another reports as denied or not
confirmed, aligned sentences say the same words and one is negated, or one
source counts a person among a list's members ("defendants that include Mr.
Smith") that another says the list leaves out ("does not name Smith as a
defendant")."""

from __future__ import annotations

import re

from ..caches import story_cache
from ..lexical import Guarded, content_words, overlap, stem
from ..model import Conflict, Sentence
from ..quotes import outside_quotes
from .common import TOPIC_COSINE, Similarity, _make, _quote, _quoted_spans
from .names import _name_tokens

_DENIAL = Guarded(
    re.compile(
        r"\b(denied|denies|deny|denying|refuted|"
        r"rejected (?:the |those |these )?(?:claims?|reports?)|"
        r"(?:has|have|had|did|could|would)\s+not\s+(?:yet\s+)?(?:been\s+)?confirm(?:ed)?|"
        r"no such confirmation|not confirmed|unconfirmed|without evidence|"
        r"neither\b.+\bnor\b.+\b(?:have|has) been|false(?:ly)? claim)",
        re.I,
    ),
    ("den", "refuted", "rejected", "confirm", "without evidence", "neither", "false"),
)
_ANAPHORA = re.compile(
    r"\b(no such|either|neither|the city|the town|the claim|the reports?|this)\b", re.I
)
_CONDITIONAL = Guarded(
    re.compile(r"\b(could|would|might|may|if)\b", re.I), ("could", "would", "might", "may", "if")
)


# --- negation --------------------------------------------------------------

_NEGATION = re.compile(r"\b(not|no|never|nobody|none|nothing|neither|nor)\b|n['’]t\b", re.I)
NEGATION_OVERLAP = 0.5
"""Content-word overlap (Dice) two aligned sentences need for a negation to oppose them."""
NEGATED_CLAUSE_SHARE = 0.6
"""Share of the negated clause's content words the other sentence must hold, when the
negation is one clause of several: what is negated must be what the other asserts
("the law had not kept pace with new forms of work, and that it was for parliament
to decide" is not opposed by "the dissent argued that parliament should decide")."""


@story_cache(65536)
def _negation(text: str) -> tuple[int, int] | None:
    """Span of the sentence's first negation word, if any (each pair of a group asks)."""
    match = _NEGATION.search(text)
    return match.span() if match else None


def _negated(text: str) -> bool:
    """What the negation check reads of a sentence: whether it holds a negation.

    It needs one side negated and the other not.
    """
    return _negation(text) is not None


def _negation_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """Aligned sentences saying the same words, one of them negated: opposing claims."""
    ma, mb = _negation(a.text), _negation(b.text)
    if bool(ma) == bool(mb):
        return []
    if overlap(content_words(a.text), content_words(b.text)) < NEGATION_OVERLAP:
        return []
    negated, span = (a, ma) if ma else (b, mb)
    assert span is not None
    other = b if negated is a else a
    said = _clause_words(negated.text, span)
    held = set(content_words(other.text))
    if len(said) < len(content_words(negated.text)) and (
        sum(w in held for w in said) < NEGATED_CLAUSE_SHARE * len(said)
    ):
        return []  # "nobody yet knows what caused it, and …" / "police opened an inquiry"
    if _denies_the_same(other.text, negated, span):
        return []  # "never had" and "deny ever having" agree; "did not deny" and "denied" do not
    clause = _clause(negated.text, span)
    detail = (
        f"one source negates what the other asserts: “{_quote(negated.text, *clause, width=90)}” "
        f"vs “{_quote(other.text, 0, len(other.text), width=90)}”"
    )
    if negated is a:
        return [_make("claim", a, b, span, (0, len(b.text)), detail)]
    return [_make("claim", a, b, (0, len(a.text)), span, detail)]


def _denies_the_same(text: str, negated: Sentence, span: tuple[int, int]) -> bool:
    """Whether ``text`` denies what ``negated`` negates at ``span``.

    It must hold an active denial ("denied", not a hedge like "unconfirmed")
    whose clause shares at least ``DENIAL_OVERLAP`` of its words with the
    negation's clause (clauses cut at commas, semicolons, "and" and "but", so
    an attribution like "Netanyahu said" or a second statement does not count),
    and ``negated`` must not itself negate a denial ("did not deny").
    """
    active = (m for m in _DENIAL.finditer(text) if _ACTIVE_DENIAL.match(m.group()))
    match = next(active, None)
    if match is None or _DENIAL.search(negated.text):
        return False
    return overlap(_clause_words(text, match.span()), _clause_words(negated.text, span)) >= (
        DENIAL_OVERLAP
    )


def _clause_words(text: str, span: tuple[int, int]) -> list[str]:
    start, end = _clause(text, span)
    before = re.split(r"\s(?:and|but)\s", text[start : span[0]])[-1]
    after = re.split(r"\s(?:and|but)\s", text[span[0] : end], maxsplit=1)[0]
    return content_words(before + after)


DENIAL_OVERLAP = 0.35
"""Content-word overlap (Dice) of a denial's clause and a negation's clause at which
both say the same thing ("never having a weapons program" / "deny ever having one")."""


# --- expectations ------------------------------------------------------------

_EXPECTED = Guarded(
    re.compile(
        r"\b(?:will|(?:is|are|was|were)\s+(?:expected|set|scheduled|due|poised|likely|going)\s+to|"
        r"plans?\s+to|intends?\s+to)\s+(?:also\s+|still\s+)?(?P<verb>[a-z]+)",
        re.I,
    ),
    ("will", "expected", "set", "scheduled", "due", "poised", "likely", "going", "plan", "intend"),
)
_DOUBTED = Guarded(
    re.compile(
        r"\b(?:(?:is|are|was|were)\s+)?(?:unlikely\s+to|not\s+(?:expected|set|scheduled|likely|"
        r"going)\s+to)\s+(?:also\s+)?(?P<verb>[a-z]+)|\b(?:will\s+not|won['’]t)\s+(?P<verb2>[a-z]+)",
        re.I,
    ),
    ("unlikely", "not", "will", "won"),
)
_AND_TO = re.compile(r"\s+and\s+(?:to\s+)?(?P<verb>[a-z]+)", re.I)
_NOT_VERBS = frozenset({"be", "have", "do", "get", "make", "take", "go", "come", "say"})
EXPECTATION_WORDS = 4
"""Words after the verb read as its object ("meet the Queen during the visit")."""


@story_cache(65_536)
def _expectations(text: str) -> tuple[tuple[bool, str, frozenset[str], int, int], ...]:
    """What a sentence expects or doubts will happen: ``(expected?, verb, object words,
    start, end)`` for "will meet the Queen", "is expected to … and to meet", "is
    unlikely to meet Queen Elizabeth", "will not attend". Inside a quotation too."""
    found = []
    for expected, pattern in ((True, _EXPECTED), (False, _DOUBTED)):
        for match in pattern.finditer(text):
            if expected and _DOUBTED.match(text, match.start()):
                continue  # "will not …" is doubt
            if expected and re.search(r"\bnot\s*$|n['’]t\s*$", text[: match.start()]):
                continue
            verbs = [(match.group("verb") or match.group("verb2") or "", match.end())]
            chained = _AND_TO.match(text, _object_end(text, match.end()))
            if chained:  # "expected to shake hands with May and to meet the Queen"
                verbs.append((chained.group("verb"), chained.end()))
            for verb, end in verbs:
                verb = verb.lower()
                if verb in _NOT_VERBS or len(verb) < 3:
                    continue
                stop = _object_end(text, end)
                objects = frozenset(content_words(text[end:stop])[:EXPECTATION_WORDS])
                found.append((expected, verb, objects, match.start(), stop))
    return tuple(found)


_OBJECT_END = re.compile(r"[,;—–(]|\s(?:or|and|but)\s|$")


def _object_end(text: str, start: int) -> int:
    """Where a verb's object ends: the next comma, semicolon, dash, "or" or "and"."""
    match = _OBJECT_END.search(text, start)
    return match.start() if match else len(text)


def _expected_verbs(text: str) -> frozenset[tuple[bool, str]]:
    """What the expectation check reads of a sentence: each expected or doubted verb."""
    return frozenset((e, verb) for e, verb, _, _, _ in _expectations(text))


def _expectation_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """One source says something will (or is expected to) happen, another that it is
    unlikely or will not: the same verb with a shared object word ("will meet the
    Queen" / "is unlikely to meet Queen Elizabeth II")."""
    for ea, verb_a, objects_a, sa, enda in _expectations(a.text):
        for eb, verb_b, objects_b, sb, endb in _expectations(b.text):
            if ea == eb or verb_a != verb_b or not objects_a & objects_b:
                continue
            expects, doubts = (a, b) if ea else (b, a)
            span_e, span_d = ((sa, enda), (sb, endb)) if ea else ((sb, endb), (sa, enda))
            detail = (
                f"one source expects what another doubts: “{expects.text[slice(*span_e)]}” "
                f"vs “{doubts.text[slice(*span_d)]}”"
            )
            return [_make("claim", a, b, (sa, enda), (sb, endb), detail)]
    return []


# --- membership --------------------------------------------------------------

_NAME = r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*"
_AS_ROLE = r"\s+(?:as\s+(?:a|an)\s+|among\s+(?:the|its)\s+)(?P<role>[a-z]+)\b"
_LEFT_OUT = (
    re.compile(
        rf"\b(?:(?:does|do|did)\s+not|doesn['’]t|didn['’]t)\s+(?:name|list|include)\s+"
        rf"(?P<name>{_NAME}){_AS_ROLE}"
    ),
    re.compile(
        rf"(?P<name>{_NAME})\s+(?:is|was|has|had)\s+(?:not|n['’]t)\s+(?:been\s+)?"
        rf"(?:named|listed|included){_AS_ROLE}"
    ),
    re.compile(rf"(?P<name>{_NAME})\s+(?:is|was)\s+not\s+among\s+the\s+(?P<role>[a-z]+)\b"),
    re.compile(
        rf"\b(?P<role>[a-z]+)\s+(?:do|does|did)\s+not\s+include\s+(?P<name>{_NAME})(?=[\s,;.]|$)"
    ),
)
"""A person left out of a list: "does not name Smith as a defendant", "Smith was not
named as a defendant", "is not among the defendants", "the defendants do not include
Smith"."""
_COUNTED_IN = (
    re.compile(
        rf"(?<!\bnot\s)\b(?:names|named|naming|lists|listed|listing)\s+"
        rf"(?P<name>{_NAME}){_AS_ROLE}"
    ),
    re.compile(rf"(?P<name>{_NAME})\s+(?:is|was)\s+among\s+the\s+(?P<role>[a-z]+)\b"),
)
"""A person counted in a list: "names Smith as a defendant", "is among the defendants"."""
_INCLUDE = re.compile(
    r"\b(?P<role>[a-z]+s)\s+(?:that\s+|which\s+)?(?:include|includes|included|including)\s+"
    r"(?P<items>[^:—–]+)"
)
"""A list of members: "defendants that include Mr. Smith; his son, …"."""
_ITEM_NAME = re.compile(rf"(?P<name>{_NAME})\.?\s*$")
_NOT_COUNTED = re.compile(
    r"(?:\b(?:not|never|yet|no|without|short\s+of|declin\w*|refus\w*|fail\w*|avoid\w*)\b|"
    r"n['’]t)(?:\s+\S+){0,3}\s*$",
    re.I,
)
"""A negation or a refusal in the few words before "named" ("never named", "have
not yet named", "stopped short of naming", "declined to name"): nobody is counted in."""
_ATTRIBUTION = re.compile(r"\b(?:according\s+to|said|says|told|reported|added)\b")
"""Where a list of members ends and its source begins ("… three former aides,
according to a statement from Smith": Smith is not a member)."""
_HONORIFIC = frozenset({"Mr", "Mrs", "Ms", "Dr"})


def _surname(name: str) -> str:
    """The name's last word, which both sides of a list must share ("Mr. Smith" / "Smith")."""
    return str(re.findall(r"[\w’'-]+", name)[-1])


@story_cache(65_536)
def _memberships(text: str) -> frozenset[tuple[bool, str, str]]:
    """What the membership check reads of a sentence: ``(counted?, role, surname)`` for
    each person it counts in, or leaves out of, a list of people in a role
    ("defendant"). A list member is a name ending its item ("Smith's former campaign
    manager Paul Jones"; not "the Smith campaign" or "Donald Smith Jr.")."""
    if not any(word in text for word in ("includ", "among", "nam", "list")):
        return frozenset()  # every pattern needs one: most sentences are done here
    found: set[tuple[bool, str, str]] = set()
    for counted, patterns in ((False, _LEFT_OUT), (True, _COUNTED_IN)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                name = _surname(match.group("name"))
                if counted and _NOT_COUNTED.search(text, 0, match.start()):
                    continue  # "never named Smith as a defendant": not counted in
                if name not in _HONORIFIC:
                    found.add((counted, _role(match.group("role")), name))
    for match in _INCLUDE.finditer(text):
        if re.search(r"\bnot\s+$|n['’]t\s+$", text[: match.start("items")]):
            continue
        items = _ATTRIBUTION.split(match.group("items"), maxsplit=1)[0]
        for item in re.split(r"[,;]|\s(?:and|or)\s", items):
            named = _ITEM_NAME.search(item.strip())
            if named:
                name = _surname(named.group("name"))
                if name not in _HONORIFIC and name not in {"Jr", "Sr"}:
                    found.add((True, _role(match.group("role")), name))
    return frozenset(found)


def _role(word: str) -> str:
    """A role noun without its plural ending, by the project's stemmer: "defendants"
    -> "defendant", "deputies" -> "deputy", "witnesses" -> "witness"."""
    return stem(word)


def _membership_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    """One source counts a person in a list ("defendants that include Mr. Smith"), the
    other says the list leaves that person out ("does not name Smith as a
    defendant"): the same role and the same surname."""
    read_a, read_b = _memberships(a.text), _memberships(b.text)
    for counted, role, name in sorted(read_a):
        if (not counted, role, name) not in read_b:
            continue
        span_a, span_b = _name_span(a.text, name), _name_span(b.text, name)
        out, counts = (a, b) if not counted else (b, a)
        out_clause = _clause(out.text, _name_span(out.text, name))
        in_clause = _clause(counts.text, _name_span(counts.text, name))
        detail = (
            f"{name}: one source leaves out of the {role}s whom another counts in: "
            f"“{_quote(out.text, *out_clause, width=90)}” "
            f"vs “{_quote(counts.text, *in_clause, width=90)}”"
        )
        return [_make("claim", a, b, span_a, span_b, detail)]
    return []


def _name_span(text: str, name: str) -> tuple[int, int]:
    match = re.search(rf"\b{re.escape(name)}\b", text)
    return match.span() if match else (0, len(text))


# --- claims ------------------------------------------------------------------


def _claim_conflicts(sentences: list[Sentence], similarity: Similarity) -> list[Conflict]:
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_article.setdefault(s.article_id, []).append(s)
    position = {s.id: n for siblings in by_article.values() for n, s in enumerate(siblings)}
    denials = []
    denying = set()  # a sentence that mentions a denial, reported or quoted, asserts nothing
    for s in sentences:
        if not _DENIAL.search(s.text):
            continue
        denying.add(s.id)
        match = _reported_denial(s.text)
        if not match:
            continue
        siblings = by_article[s.article_id]
        context = [s]
        if position[s.id] > 0 and (_ANAPHORA.search(s.text) or not _name_tokens(s.text)):
            context.append(siblings[position[s.id] - 1])
        names = set().union(*(_name_tokens(c.text) for c in context))
        denials.append((s, match, context, names))
    by_name: dict[str, list[int]] = {}  # name -> denials naming it, so work grows with matches
    for k, (_, _, _, names) in enumerate(denials):
        for name in names - _COMMON_NAMES:
            by_name.setdefault(name, []).append(k)
    best: dict[tuple[str, ...], tuple[float, Conflict]] = {}
    for s in sentences:
        names_s = set(_name_tokens(s.text))
        near = sorted({k for name in names_s for k in by_name.get(name, ())})
        if not near or s.id in denying or _CONDITIONAL.search(s.text) or _negation(s.text):
            continue
        if _ATTRIBUTED.search(outside_quotes(s.text, _quoted_spans(s.text))):
            continue  # "Russian officials claimed …": a claim reported, not the outlet's own
        for d, match, context, names in (denials[k] for k in near):
            if d.article_id == s.article_id:
                continue
            shared = (names_s & names) - _COMMON_NAMES
            score = max(similarity(s.id, c.id) for c in context)
            if score < TOPIC_COSINE + 0.1:
                continue
            anchor = sorted(shared)[0]
            if _both_sides(s, d, anchor, by_article, denying, similarity):
                continue
            key = (*sorted((s.article_id, d.article_id)), anchor)
            span_s = _name_tokens(s.text)[anchor]
            first, second = (s, d) if s.order <= d.order else (d, s)
            span_first = span_s if first is s else match.span()
            span_second = match.span() if first is s else span_s
            detail = (
                f"{anchor}: “{_quote(s.text, *_clause(s.text, span_s), width=90)}” "
                f"vs “{_quote(d.text, *_clause(d.text, match.span()), width=90)}”"
            )
            conflict = _make("claim", first, second, span_first, span_second, detail)
            if key not in best or score > best[key][0]:
                best[key] = (score, conflict)
    return [conflict for _, conflict in best.values()]


_ATTRIBUTED = re.compile(
    r"\b(claim(?:ed|s|ing)?|asserted|asserts|alleged|alleges|according to)\b", re.I
)
"""A claim the sentence attributes to someone ("officials claimed", "according to")."""


def _both_sides(
    claim: Sentence,
    denial: Sentence,
    anchor: str,
    by_article: dict[str, list[Sentence]],
    denying: set[str],
    similarity: Similarity,
) -> bool:
    """Whether either source reports both sides: the denying source also states the
    claim (naming the same name), or the claiming source also reports the denial."""
    if any(
        other.id != denial.id
        and other.id not in denying
        and anchor in _name_tokens(other.text)
        and similarity(other.id, claim.id) >= TOPIC_COSINE
        for other in by_article[denial.article_id]
    ):
        return True
    return any(
        other.id in denying and similarity(other.id, denial.id) >= TOPIC_COSINE
        for other in by_article[claim.article_id]
    )


def _reported_denial(text: str) -> re.Match[str] | None:
    """The first denial the sentence reports, if any.

    Outside quotation marks every denial counts, and so does a hedge inside
    them ("“The capture is unconfirmed,” a spokesman said"). An active denial
    verb inside a quotation counts when the quoted denier is the speaker: no
    name before the verb ("“We deny …”", it “categorically denies”) or a name
    the attribution also gives (“Iran denies …,” Iran's foreign ministry said).
    In “Iran's leaders deny ever pursuing nuclear weapons,” said Netanyahu, the
    speaker is accusing: the sentence sides with the claim, not against it. A
    quotation the sentence opens but does not close runs to its end (the
    splitter cuts multi-sentence quotes).
    """
    quoted = _quoted_spans(text)
    speaker = set(_name_tokens(outside_quotes(text, quoted)))
    for match in _DENIAL.finditer(text):
        inside = next((start for start, end in quoted if start <= match.start() < end), None)
        if inside is None or not _ACTIVE_DENIAL.match(match.group()):
            return match  # reported, or the speaker's own "unconfirmed" / "without evidence"
        subject = set(_name_tokens(text[inside : match.start()])) - _COMMON_NAMES
        if not subject or subject & speaker:
            return match
    return None


_ACTIVE_DENIAL = re.compile(r"(?:denied|denies|deny|denying|refuted|rejected)\b", re.I)


_COMMON_NAMES = frozenset(
    {"Russia", "Russian", "Ukraine", "Ukrainian", "United", "States", "America", "American",
     "President", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
     "Kremlin", "White", "House", "Europe", "European", "Officials"}
)  # fmt: skip


def _clause(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Widen a name's span to its clause, for quoting."""
    start = max(text.rfind(",", 0, span[0]), text.rfind(";", 0, span[0]), -1) + 1
    ends = [i for i in (text.find(",", span[1]), text.find(";", span[1])) if i != -1]
    end = min(ends) if ends else len(text)
    while start < end and text[start] == " ":
        start += 1
    return start, end
