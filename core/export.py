"""Export a ``Comparison`` as JSON (for scripts) or Markdown (for people).

Both are pure functions returning strings; writing files is the caller's job
(``tui/cli.py`` writes atomically and never overwrites without ``--force``).

JSON, version 1::

    {"version": 1,
     "sources": [{"id", "path", "name", "sentences": [{"id", "start", "end", "text"}]}],
     "groups": [{"id", "members": [sentence ids]}],
     "conflicts": [{"a", "b", "kind", "detail"}]}

``start``/``end`` are character offsets into the source's text as read with
UTF-8 (for HTML, into the extracted article text, which is then included as
``text``). Boilerplate sentences carry ``"boilerplate": true`` and are not in
any group.
"""

from __future__ import annotations

import json

from .model import Comparison, Group, Sentence
from .summary import consensus_groups, majority, omissions, source_stats

JSON_VERSION = 1


def to_json(comparison: Comparison) -> str:
    """Serialise a comparison as JSON version 1.

    Args:
        comparison: The comparison.

    Returns:
        Pretty-printed JSON text ending in a newline.
    """
    unique = dict(comparison.unique_words)
    sources = []
    for article in comparison.articles:
        sentences = []
        for s in comparison.sentences:
            if s.article_id != article.id:
                continue
            entry: dict[str, object] = {"id": s.id, "start": s.start, "end": s.end, "text": s.text}
            if s.boilerplate:
                entry["boilerplate"] = True
            if s.id in unique:
                entry["unique_words"] = [list(span) for span in unique[s.id]]
            sentences.append(entry)
        source: dict[str, object] = {
            "id": article.id,
            "path": article.path,
            "name": article.name,
            "title": article.title,
            "date": article.date,
            "author": article.author,
            "sentences": sentences,
        }
        if article.path.lower().endswith((".html", ".htm")) or "://" in article.path:
            source["text"] = article.text
        sources.append(source)
    document = {
        "version": JSON_VERSION,
        "title": comparison.title,
        "model": comparison.model,
        "sources": sources,
        "groups": [
            {
                "id": g.id,
                "members": list(g.members),
                "sources": list(g.sources),
                "cohesion": g.cohesion,
            }
            for g in comparison.groups
        ],
        "conflicts": [
            {
                "a": c.a,
                "b": c.b,
                "kind": c.kind,
                "detail": c.detail,
                "a_value": c.a_value,
                "b_value": c.b_value,
                "a_span": list(c.a_span),
                "b_span": list(c.b_span),
            }
            for c in comparison.conflicts
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def to_markdown(comparison: Comparison) -> str:
    """Write the comparison as a report a person would send to a colleague.

    Sections: sources table, consensus, unique details per source, conflicts
    side by side, name variants, and what each source leaves out. Every
    statement cites its sources as ``[S1, S3]``.

    Args:
        comparison: The comparison.

    Returns:
        Markdown text ending in a newline.
    """
    label = {a.id: a.id.upper() for a in comparison.articles}
    names = {a.id: a.name for a in comparison.articles}
    stats = source_stats(comparison)
    sentence = comparison.sentence

    def cite(ids: list[str] | tuple[str, ...]) -> str:
        return "[" + ", ".join(label[i] for i in ids) + "]"

    title = comparison.title or "Comparison of " + ", ".join(names.values())
    out = [f"# {title}", ""]
    out.append(
        f"{len(comparison.articles)} sources compared by newsread"
        + (f" (embedding model: {comparison.model})" if comparison.model else "")
        + ". Sentences that carry the same information are grouped; citations in"
        " brackets name the sources that report each statement."
    )
    out += ["", "## Sources", ""]
    out.append("| | Source | File | Sentences | Shared | Unique | Conflicts |")
    out.append("|---|---|---|---:|---:|---:|---:|")
    for article in comparison.articles:
        st = stats[article.id]
        out.append(
            f"| {label[article.id]} | {_cell(article.name)} | `{_cell(article.path)}` | "
            f"{st.sentences} | {st.shared} | {st.unique} | {st.conflicts} |"
        )
    out += ["", "## Consensus", ""]
    consensus = consensus_groups(comparison)
    if consensus:
        out.append(f"Reported by at least {majority(comparison)} sources:")
        out.append("")
        for group in consensus:
            out.append(f"- {_representative(comparison, group).text} {cite(group.sources)}")
    else:
        out.append("No statement is reported by most sources.")
    shared_some = [g for g in comparison.groups if 1 < len(g.sources) < majority(comparison)]
    if shared_some:
        out += ["", "### Shared by some sources", ""]
        for group in shared_some:
            out.append(f"- {_representative(comparison, group).text} {cite(group.sources)}")
    out += ["", "## Unique details", ""]
    for article in comparison.articles:
        own = [g for g in comparison.groups if g.sources == (article.id,)]
        details = [
            (sentence(sid), spans)
            for sid, spans in comparison.unique_words
            if sentence(sid).article_id == article.id
        ]
        out.append(f"### {label[article.id]} — {article.name}")
        out.append("")
        if not own and not details:
            out.append("Nothing this source reports alone.")
        for group in own:
            text = " ".join(sentence(m).text for m in group.members)
            out.append(f"- {text} {cite([article.id])}")
        for s, spans in details:
            words = "; ".join(f"“{s.text[a:b]}”" for a, b in spans)
            out.append(f"- adds {words} to: {s.text} {cite([article.id])}")
        out.append("")
    out += ["## Conflicts", ""]
    facts = [c for c in comparison.conflicts if c.kind != "name_spelling"]
    if facts:
        out.append("| Kind | One source | Another source | What differs |")
        out.append("|---|---|---|---|")
        for c in facts:
            a, b = sentence(c.a), sentence(c.b)
            out.append(
                f"| {c.kind} | {_cell(a.text)} {cite([a.article_id])} | "
                f"{_cell(b.text)} {cite([b.article_id])} | {_cell(c.detail)} |"
            )
    else:
        out.append("No conflicting numbers, dates, titles or claims were found.")
    variants = [c for c in comparison.conflicts if c.kind == "name_spelling"]
    if variants:
        out += ["", "### Name spellings (variants, not disagreements)", ""]
        seen: dict[tuple[str, str], set[str]] = {}
        for c in variants:
            key = tuple(sorted((c.a_value, c.b_value)))
            seen.setdefault(key, set()).update(  # type: ignore[arg-type]
                (sentence(c.a).article_id, sentence(c.b).article_id)
            )
        for (x, y), sources in seen.items():
            users_x = sorted(
                i for i in sources if any(x in s.text for s in _sentences_of(comparison, i))
            )
            users_y = sorted(
                i for i in sources if any(y in s.text for s in _sentences_of(comparison, i))
            )
            out.append(f"- “{x}” {cite(users_x)} vs “{y}” {cite(users_y)}")
    out += ["", "## What each source leaves out", ""]
    missing = omissions(comparison)
    for article in comparison.articles:
        out.append(f"### {label[article.id]} — {article.name}")
        out.append("")
        if not missing[article.id]:
            out.append("Reports everything most sources report.")
        for group in missing[article.id]:
            out.append(f"- {_representative(comparison, group).text} {cite(group.sources)}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _representative(comparison: Comparison, group: Group) -> Sentence:
    """The member that best stands for a group: the shortest one of 40+ characters."""
    members = [comparison.sentence(m) for m in group.members]
    return min(members, key=lambda s: (len(s.text) < 40, len(s.text)))


def _sentences_of(comparison: Comparison, article_id: str) -> list[Sentence]:
    return [s for s in comparison.sentences if s.article_id == article_id]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
