"""Boilerplate: find the lines of an article that are not article prose.

Photo captions, "Related:" links, lists of unrelated headlines, separators,
editor's notes and contributor credits are marked as spans so that alignment
leaves them out; the text itself is never changed. The rules are plain line
patterns, tuned on the seed story and the evaluation clusters, and kept
conservative: a prose sentence wrongly marked would vanish from the alignment.
"""

from __future__ import annotations

import re

from .lexical import Guarded

_TERMINAL = re.compile(r"""[.!?…:;]["'”’)\]]*\s*$""")
_CREDIT_PATTERNS = (
    re.compile(r"^\s*(editor[’']?s note|editors[’']? note)\b", re.I),
    Guarded(
        re.compile(r"\bcontributed (to )?(this|the) (report|article|story)\b", re.I),
        ("contributed",),
    ),
    re.compile(r"^\s*(additional )?reporting by\b", re.I),
    re.compile(r"^\s*(writing|editing) by\b", re.I),
    re.compile(r"^\s*(related|read more|more|see also|watch|listen|sign up|click here)\s*:", re.I),
    re.compile(r"^\s*(follow|subscribe to) (us|our)\b", re.I),
    re.compile(r"^\s*(copyright|©)", re.I),
    re.compile(r"^\s*this (story|article) (has been|was) (updated|corrected)\b", re.I),
    re.compile(r"^\s*(photo|image|video|caption)\s*:", re.I),
    # a caption describing its picture: "A photograph released by … shows …"
    re.compile(
        r"^\W*(a|an|this|in this|in an?)\s+(\w+\s+){0,2}(photo|photograph|picture|image|handout)s?"
        r"\b(\s+[\w’'-]+){0,8}?\s+(shows?|showing|released|provided|taken|distributed|obtained)\b",
        re.I,
    ),
    re.compile(r"\((photo|image)\b[^)]*\)\s*$", re.I),
    Guarded(
        re.compile(r"\b(getty images|ap photo|afp|reuters)\s*$", re.I),
        ("getty images", "ap photo", "afp", "reuters"),
    ),
)
_NOTE_PATTERNS = (
    # a text collector's or scraper's note about what it could not copy
    re.compile(
        r"^\W*(\w+\s+){0,3}(paragraph|image|photo|picture|video|graphic|embed|chart|"
        r"map|table|content)\b.{0,40}\b(is|was|are|were)\s+(missing|unavailable|not available|"
        r"not shown|omitted)\b",
        re.I,
    ),
    # a video or audio teaser: "… has that story.", "… has more."
    Guarded(
        re.compile(
            r"\b(has|have) (that|the|this|more on th(at|is)|the latest on th(at|is)) story\W*$",
            re.I,
        ),
        ("story",),
    ),
    re.compile(r"^\s*(watch|listen)( now| live| the video| video)?\s*[:|–—-]", re.I),
    # newsletter and app prompts
    Guarded(re.compile(r"\b(sign up|subscribe)\b.{0,60}\bnewsletters?\b", re.I), ("newsletter",)),
    re.compile(r"^\s*(download|get) (the|our) .{0,30}\bapp\b", re.I),
)
"""Notes that are not part of the reporting (checked on lines of at most 120 characters)."""
_SEPARATOR = re.compile(r"^\s*[-_=*~•·]{3,}\s*$")
_PHOTO_CREDIT = Guarded(re.compile(r"\w/[A-Z][\w .&-]{1,40}$"), ("/",))
"""A caption ending in a photo credit, e.g. ``…meeting in August/White House``."""
_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


def line_spans(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of every non-blank line, without its newline.

    Args:
        text: Any text; ``\\n``, ``\\r\\n`` and ``\\r`` all end a line.

    Returns:
        Spans in order, trailing ``\\r`` excluded.
    """
    spans = []
    for match in re.finditer(r"[^\r\n]+", text):
        if match.group().strip():
            spans.append((match.start(), match.end()))
    return spans


def headline(text: str) -> str:
    """Return the first line if it reads like a headline (short, no final stop; or one
    short sentence standing alone above the text).

    Args:
        text: The article text.

    Returns:
        The headline, or an empty string.
    """
    spans = line_spans(text)
    if not spans:
        return ""
    start, end = spans[0]
    line = text[start:end].strip()
    if _is_boilerplate_line(line):
        return ""
    if _is_headline_like(line):
        return line.lstrip("# ").strip()
    if len(spans) > 1 and _is_title_sentence(line):
        return line.lstrip("# ").rstrip(". ").strip()
    return ""


_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,}(\([^)]*\))?\s*[—–-]|\((UPI|AP|Reuters|AFP)\)")


def _is_title_sentence(line: str) -> bool:
    """A headline some sources end with a full stop: a first line of one short sentence
    (3-16 words) standing alone above the text, not a lead with a dateline."""
    words = _WORD.findall(line)
    if not 3 <= len(words) <= 16 or not line.endswith(".") or _DATELINE.search(line):
        return False
    return _one_sentence(line)


def _one_sentence(line: str) -> bool:
    """Whether a line ending in a stop holds no other sentence end ("U.S." aside)."""
    return not re.search(r"[.!?]\s+[A-Z]", line[:-1].replace("U.S.", "US"))


def boilerplate_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Find the lines that are not article prose.

    A line is boilerplate when it matches a credit, link, caption or separator
    pattern, or when it belongs to a run of two or more headline-like lines
    (no final punctuation, mostly capitalised) after the article body, such as
    a "more stories" list. A headline-like first line is the article's title,
    not boilerplate, unless it carries a photo credit.

    Args:
        text: The article text.

    Returns:
        Spans ``(start, end)`` of whole lines, in order.
    """
    spans = line_spans(text)
    lines = [text[s:e].strip() for s, e in spans]
    marked = [_is_boilerplate_line(line) for line in lines]
    after_note = False
    for i, line in enumerate(lines):
        if _SEPARATOR.match(line) or re.match(r"^\s*editor[’']?s note", line, re.I):
            after_note = True
        if after_note:
            marked[i] = True
    # A later copy of a line already in the article (5+ words): a repeated photo
    # caption or pull quote, or a paragraph the text collector copied twice.
    seen: set[str] = set()
    for i, line in enumerate(lines):
        key = " ".join(line.split()).casefold()
        if key in seen and len(_WORD.findall(line)) >= 5:
            marked[i] = True
        seen.add(key)
    # A photo caption: a one-sentence paragraph after the first line with no finite verb.
    for i in range(1, len(lines)):
        if _is_caption(lines[i]):
            marked[i] = True
    # A section heading: a short line with no sentence end, or a short question,
    # alone between two prose paragraphs ("Hurdles to asylum", "What's next?").
    for i in range(1, len(lines) - 1):
        before = _is_prose(lines[i - 1]) or marked[i - 1]  # e.g. after a photo caption
        if _is_subhead(lines[i]) and before and _is_prose(lines[i + 1]):
            marked[i] = True
    # Runs of headline-like lines (lists of other stories) after the first line.
    i = 1
    while i < len(lines):
        j = i
        while j < len(lines) and _is_headline_like(lines[j]):
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                marked[k] = True
        i = max(j, i + 1)
    return tuple(span for span, flag in zip(spans, marked, strict=True) if flag)


_GOES_ON = frozenset({"so", "and", "but", "or", "yet", "then", "now", "well"})
_QUOTE_START = re.compile(r"""^\s*["'“‘«]""")


def _is_subhead(line: str) -> bool:
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 7 or _QUOTE_START.match(line):
        return False
    stripped = line.rstrip()
    if not _TERMINAL.search(stripped):
        return True
    # a heading asks a question; running text that asks one goes on from what came
    # before ("So what does it mean?", "But why now?")
    return stripped.endswith("?") and len(words) <= 6 and words[0].lower() not in _GOES_ON


def _is_prose(line: str) -> bool:
    """A paragraph of running text: several words and a sentence end."""
    return len(_WORD.findall(line)) >= 8 and bool(_TERMINAL.search(line))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FINITE = _word_set(
    "is are was were am be been has have had will would can could may might shall should "
    "must do does did cannot says said tells told went came made took gave got met left saw "
    "became began knew thought found held led kept sent spent brought bought caught fought taught "
    "won lost paid ran wrote spoke broke chose drove rose fell stood sat heard felt meant "
    "built struck sought flew grew drew threw wore shook forgot fled dealt sold cost slid "
    "crept hit put lay"
)
"""Words that are (almost) always a finite verb: auxiliaries and irregular pasts."""
_PRONOUNS = _word_set("i you he she it we they who it's that's there's")
"""A subject pronoun: a caption names what the picture shows instead."""
_CONTRACTION = re.compile(r"[’'](re|ve|ll|d|m)\b|n[’']t\b", re.I)
_NOUN_BEFORE = _word_set(
    "the a an this these those his her its their our my your some many several all both "
    "and or of for with in on at from to by near into about than last next early late"
)
"""After these a word ending in -s or -ed is a noun or an adjective, not a verb."""
_DEMONYM_ENDS = ("an", "ese", "ish")


def _is_caption(line: str) -> bool:
    """A photo caption: one sentence of 4-30 words ending in a full stop, no quotation,
    and no finite verb ("Families from the caravan waiting for a meal.", "A protest in
    London last year against the proposed visit.").

    Read without a tagger, so it leans to prose. Each of these counts as a verb: an
    auxiliary, a contraction, a subject pronoun, an irregular past; an ``-ed`` or
    ``-s`` word, or any word right after a plural or a name, unless it follows a
    determiner, a preposition, "and" or a figure, or is an ``-ing`` or ``-ly`` word.
    """
    if not line.endswith(".") or any(q in line for q in '"“”'):
        return False
    found = list(_WORD.finditer(line))
    if not 4 <= len(found) <= 30 or _CONTRACTION.search(line):
        return False
    if not _one_sentence(line):
        return False
    words = [m.group() for m in found]
    low = [w.lower() for w in words]
    if any(
        w in _PRONOUNS or (w in _FINITE and (i == 0 or w == words[i])) for i, w in enumerate(low)
    ):
        return False  # a verb or a subject ("may", not the name "May")
    for i in range(1, len(words)):
        word, before = low[i], low[i - 1]
        if words[i][0].isupper() or word in _NOUN_BEFORE or word.endswith(("ing", "ly")):
            continue  # a name, a function word, a participle or an adverb
        after_function = before in _NOUN_BEFORE or bool(
            re.search(r"\d%?\s*$", line[: found[i].start()])  # "20 percent"
        )
        if after_function:
            continue
        name_before = words[i - 1][0].isupper()
        nationality = name_before and before.endswith(_DEMONYM_ENDS)
        nationality = nationality and not before.endswith("man")  # Goldman, Truman
        if len(word) >= 4 and word.endswith("ed"):
            return False
        if _plural(word) and not nationality:
            return False
        gap = line[found[i - 1].end() : found[i].start()]
        if not gap.strip() and (_plural(before) or (name_before and not nationality)):
            return False  # "the companies include", "Judy Davis play"
    return True


def _plural(word: str) -> bool:
    return (
        len(word) >= 4 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
    )


def _is_boilerplate_line(line: str) -> bool:
    if _SEPARATOR.match(line):
        return True
    if len(line) <= 120 and any(p.search(line) for p in _NOTE_PATTERNS):
        return True
    if any(p.search(line) for p in _CREDIT_PATTERNS):
        return True
    return bool(not _TERMINAL.search(line) and _PHOTO_CREDIT.search(line))


def _is_headline_like(line: str) -> bool:
    if _TERMINAL.search(line):
        return False
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 25:
        return False
    long_words = [w for w in words if len(w) > 3]
    if not long_words:
        return False
    capitalised = sum(1 for w in long_words if w[0].isupper())
    return capitalised / len(long_words) >= 0.6
