"""``title`` conflicts: a person's title or role differs ("former President" vs
"President"); a nationality or a shorter form of the same role does not."""

from __future__ import annotations

import re

from ..caches import story_cache
from ..lexical import POSTS, SAME_ROLE, normalise
from ..model import Conflict, Sentence
from .common import _make

_TITLE_WORDS = (
    "president", "prime minister", "minister", "secretary", "chancellor", "senator",
    "governor", "mayor", "spokesman", "spokeswoman", "spokesperson", "ambassador",
    "envoy", "general", "king", "queen", "pope", "chief", "leader", "chairman", "speaker",
    "representative", "rep", "sen", "gov", "director", "adviser", "advisor", "negotiator",
    "chair", "chairwoman", "chairperson", "executive", "ceo", "officer", "commissioner",
    *sorted(POSTS),
)  # fmt: skip
_TITLE_MODIFIERS = ("former", "ex", "late", "acting", "interim", "deputy", "vice", "then",
                    "outgoing", "incoming", "president-elect", "retired")  # fmt: skip
_PAST = frozenset({"former", "ex", "retired", "then", "late"})
"""Modifiers of a post held before: "former chairwoman" and "Representative" can both be true."""
_NAME = re.compile(
    r"\b([A-Z][a-zà-ÿ]+(?:[-’'][A-Za-zà-ÿ]+)*)(?:\s+([A-Z][a-zà-ÿ]+(?:-[A-Z][a-z]+)*))+"
)


@story_cache(65_536)
def titles(text: str) -> dict[str, tuple[str, int, int]]:
    """Map each person's surname to the title written just before the name.

    Args:
        text: A sentence.

    Returns:
        ``surname -> (title words, start, end)`` where the span covers the title.
    """
    result: dict[str, tuple[str, int, int]] = {}
    for match in _NAME.finditer(text):
        full = match.group()
        parts = full.split()
        # Strip leading title words the name regex swallowed ("President Donald", and a
        # capitalised modifier starting a sentence: "Former Governor Ann").
        lead = []
        while parts and (_is_title_word(parts[0]) or _is_modifier(parts[0])):
            lead.append(parts.pop(0))
        last_title = max(
            (n for n, part in enumerate(parts[:-2]) if _is_title_word(part)), default=None
        )
        if last_title is not None:  # "Labour Minister Karin Vos", "Council President Alan Pruitt"
            lead += parts[: last_title + 1]
            parts = parts[last_title + 1 :]
        if len(parts) < 2:
            continue
        surname = parts[-1]
        head = text[: match.start()]
        tokens = list(re.finditer(r"[A-Za-z][A-Za-z.-]*", head))
        taken: list[re.Match[str]] = []
        while tokens and len(taken) < 4:
            candidate = tokens[-1]
            gap = head[candidate.end() : taken[0].start() if taken else len(head)]
            if gap.strip(" -—–") or not (
                _is_title_word(candidate.group()) or _is_modifier(candidate.group())
            ):
                break
            taken.insert(0, tokens.pop())
        if taken and not _is_modifier(taken[0].group()):
            taken = _modified_body(head, tokens, taken[0]) + taken  # "former DNC chairwoman"
        if not taken and not lead:
            continue
        start = taken[0].start() if taken else match.start()
        end = match.start() + len(" ".join(lead)) if lead else taken[-1].end()
        title_text = " ".join([t.group() for t in taken] + lead)
        result[surname] = (title_text, start, end)
    return result


def _modified_body(
    head: str, tokens: list[re.Match[str]], first: re.Match[str]
) -> list[re.Match[str]]:
    """A modifier and the body a post is in, before the post's first word: "former DNC"
    before "chairwoman", "former Labour Party" before "leader" (one or two capitalised
    words, no punctuation between); none otherwise."""
    for size in (1, 2):
        if len(tokens) <= size:
            break
        body = tokens[-size:]
        if not all(t.group()[0].isupper() and not _is_title_word(t.group()) for t in body):
            break
        modifier = tokens[-size - 1]
        between = head[modifier.start() : first.start()]
        if _is_modifier(modifier.group()) and re.fullmatch(r"[A-Za-z.\s-]+", between):
            return [modifier, *body]
    return []


_SEATS = frozenset({"representative", "rep", "senator", "sen", "congressman", "congresswoman",
                    "lawmaker", "councilmember", "councilman", "councilwoman", "councillor",
                    "councilor", "member", "alderman", "assemblyman", "assemblywoman"})  # fmt: skip
"""An elected seat: a committee's chair is held alongside it, not instead of it."""


def _alongside(title: str, other_nouns: set[str]) -> bool:
    """Whether ``title`` is a committee post and the other title an elected seat."""
    return "committee" in title.lower() and bool(other_nouns & _SEATS)


def _clean(word: str) -> str:
    return normalise(word.strip(",;:—–-“”\"'()"))


_TITLE_WORD_SET = frozenset(w for t in _TITLE_WORDS for w in t.split())


def _is_title_word(word: str) -> bool:
    return _clean(word) in _TITLE_WORD_SET


def _is_modifier(word: str) -> bool:
    return _clean(word).rstrip("-") in _TITLE_MODIFIERS


def _role(title_text: str) -> tuple[str, ...]:
    """The meaning-bearing words of a title: modifiers and role nouns, no nationality."""
    kept = [
        _clean(w).rstrip("-") for w in title_text.split() if _is_title_word(w) or _is_modifier(w)
    ]
    joined = (
        " ".join(kept).replace("chief executive officer", "ceo").replace("chief executive", "ceo")
    )  # "chief executive officer" / "CEO": one post
    return tuple(SAME_ROLE.get(w, w) for w in joined.split())


def _title_roles(text: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """What the title check reads of a sentence: each surname with its role words.

    It needs one surname with two roles.
    """
    return frozenset((surname, _role(title)) for surname, (title, _, _) in titles(text).items())


def _title_conflicts(a: Sentence, b: Sentence) -> list[Conflict]:
    ta, tb = titles(a.text), titles(b.text)
    result = []
    for surname in ta.keys() & tb.keys():
        (text_a, sa, ea), (text_b, sb, eb) = ta[surname], tb[surname]
        role_a, role_b = _role(text_a), _role(text_b)
        if not role_a or not role_b or role_a == role_b:
            continue
        mods_a = {w for w in role_a if w in _TITLE_MODIFIERS}
        mods_b = {w for w in role_b if w in _TITLE_MODIFIERS}
        nouns_a = set(role_a) - mods_a
        nouns_b = set(role_b) - mods_b
        if mods_a == mods_b and (nouns_a <= nouns_b or nouns_b <= nouns_a):
            continue  # "Secretary" vs "Secretary of State": same role, shorter
        if not nouns_a & nouns_b and (mods_a | mods_b) & _PAST:
            continue  # "Representative" and "former DNC chairwoman": a post now, one before
        if _alongside(text_a, nouns_b) or _alongside(text_b, nouns_a):
            continue  # "Representative" and "Judiciary Committee Chairman": held together
        result.append(
            _make(
                "title", a, b, (sa, ea), (sb, eb),
                f"{surname}'s title differs: “{text_a}” vs “{text_b}”",
            )
        )  # fmt: skip
    return result
