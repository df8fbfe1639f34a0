"""Export a comparison as one self-contained HTML page (no scripts, no downloads).

The page says what the Markdown report says (``report.py`` builds both) and
adds the articles side by side with the reader's marks: a gutter glyph and a
colour per sentence (shared by all, by some, unique, in conflict), unique
words underlined, conflicting spans highlighted, and a legend. Glyphs and
underlines keep it readable in print or without colour.
"""

from __future__ import annotations

from html import escape

from .model import Comparison
from .report import DISPUTE_LABELS, Report, build_report, label
from .summary import sentence_marks

GLYPHS = {"all": "●", "some": "◐", "unique": "○", "conflict": "▲", "boilerplate": "·"}
MEANINGS = {
    "all": "shared by all sources",
    "some": "shared by some sources",
    "unique": "only this source",
    "conflict": "in conflict with another source",
    "boilerplate": "not article prose (caption, link, credit)",
}

_CSS = """
:root { --all:#1b7f3b; --some:#1f6fb2; --unique:#a86400; --conflict:#c0262d; --muted:#666; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 1600px; padding: 1.5rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #ddd; padding: .35rem .5rem; vertical-align: top; text-align: left; }
td.n { text-align: right; } .cite { color: var(--muted); font-size: .85em; white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; padding: .5rem .75rem; background: #f6f6f8;
          border-radius: 6px; position: sticky; top: 0; z-index: 2; }
.legend span { white-space: nowrap; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 1rem; }
.column { border: 1px solid #ddd; border-radius: 6px; padding: .5rem .75rem; }
.column h3 { margin: 0 0 .5rem; font-size: 1rem; }
.s { display: block; margin: .15rem 0; padding-left: .4rem; border-left: 4px solid transparent; }
.s .g { display: inline-block; width: 1.2em; }
.s.all { border-color: var(--all); } .s.all .g { color: var(--all); }
.s.some { border-color: var(--some); } .s.some .g { color: var(--some); }
.s.unique { border-color: var(--unique); background: #fff7e8; }
.s.unique .g { color: var(--unique); }
.s.conflict { border-color: var(--conflict); background: #fdecec; }
.s.conflict .g { color: var(--conflict); font-weight: bold; }
.s.boilerplate { color: #999; font-style: italic; }
.s.para { margin-top: .8rem; }
u { text-decoration-thickness: 2px; font-weight: 600; }
mark { background: #f7c1c4; font-weight: 600; }
"""


def to_html(comparison: Comparison) -> str:
    """Render the comparison as a standalone HTML page.

    Args:
        comparison: The comparison.

    Returns:
        HTML text (UTF-8, inline CSS, no external resources).
    """
    report = build_report(comparison)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)} — newsread</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(report.title)}</h1>",
        f"<p>{escape(report.intro)}</p>",
        _legend(),
        _sources(report),
        "<h2>Side by side</h2>",
        _columns(comparison),
        *_sections(report),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _legend() -> str:
    entries = "".join(
        f'<span class="s {mark}" style="display:inline"><span class="g">{glyph}</span>'
        f"{escape(MEANINGS[mark])}</span>"
        for mark, glyph in GLYPHS.items()
    )
    return (
        f'<div class="legend" role="note">{entries}'
        "<span><u>underlined</u> words: details only this source gives</span>"
        "<span><mark>highlighted</mark>: the differing detail of a conflict</span></div>"
    )


def _cite(labels: tuple[str, ...]) -> str:
    return f'<span class="cite">[{escape(", ".join(labels))}]</span>'


def _sources(report: Report) -> str:
    rows = "".join(
        f"<tr><td>{r.label}</td><td>{escape(r.name)}</td><td><code>{escape(r.path)}</code></td>"
        f'<td class="n">{r.sentences}</td><td class="n">{r.shared}</td>'
        f'<td class="n">{r.unique}</td><td class="n">{r.conflicts}</td></tr>'
        for r in report.sources
    )
    return (
        "<h2>Sources</h2><table><tr><th></th><th>Source</th><th>File</th><th>Sentences</th>"
        f"<th>Shared</th><th>Unique</th><th>Conflicts</th></tr>{rows}</table>"
    )


def _columns(comparison: Comparison) -> str:
    marks = sentence_marks(comparison)
    unique = dict(comparison.unique_words)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for sid, found in unique.items():
        spans.setdefault(sid, []).extend((a, b, "u") for a, b in found)
    for c in comparison.conflicts:
        if c.is_variant:
            continue
        for sid, (a, b) in ((c.a, c.a_span), (c.b, c.b_span)):
            if b > a:
                spans.setdefault(sid, []).append((a, b, "mark"))
    columns = []
    for article in comparison.articles:
        lines = [f"<h3>{label(article.id)} · {escape(article.name)}</h3>"]
        previous_end = 0
        for s in comparison.sentences_of(article.id):
            mark = marks[s.id]
            gap = article.text[previous_end : s.start]
            para = " para" if "\n" in gap and previous_end else ""
            previous_end = s.end
            body = _inline(s.text, spans.get(s.id, []))
            lines.append(
                f'<span class="s {mark}{para}" id="{s.id}" title="{escape(MEANINGS[mark])}">'
                f'<span class="g" aria-label="{escape(MEANINGS[mark])}">{GLYPHS[mark]}</span>'
                f"{body}</span>"
            )
        columns.append(f'<section class="column">{"".join(lines)}</section>')
    return f'<div class="columns">{"".join(columns)}</div>'


def _inline(text: str, spans: list[tuple[int, int, str]]) -> str:
    """Escape ``text`` and wrap non-overlapping spans in their tags (first wins)."""
    out = []
    position = 0
    for start, end, tag in sorted(spans):
        if start < position:
            continue
        out.append(escape(text[position:start]))
        out.append(f"<{tag}>{escape(text[start:end])}</{tag}>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def _sections(report: Report) -> list[str]:
    out = ["<h2>Consensus</h2>"]
    if report.consensus:
        out.append(f"<p>Reported by at least {report.majority} sources:</p><ul>")
        out += [f"<li>{escape(i.text)} {_cite(i.cites)}</li>" for i in report.consensus]
        out.append("</ul>")
    else:
        out.append("<p>No statement is reported by most sources.</p>")
    if report.shared_some:
        out.append("<h3>Shared by some sources</h3><ul>")
        out += [f"<li>{escape(i.text)} {_cite(i.cites)}</li>" for i in report.shared_some]
        out.append("</ul>")
    out.append("<h2>Unique details</h2>")
    for section in report.unique:
        out.append(f"<h3>{section.label} — {escape(section.name)}</h3><ul>")
        if not section.items and not section.details:
            out.append("<li>Nothing this source reports alone.</li>")
        out += [f"<li>{escape(i.text)} {_cite(i.cites)}</li>" for i in section.items]
        for d in section.details:
            words = "; ".join(f"“<u>{escape(w)}</u>”" for w in d.words)
            out.append(f"<li>adds {words} to: {escape(d.sentence)} {_cite((section.label,))}</li>")
        out.append("</ul>")
    if report.disputes:
        out.append("<h2>Disputed figures, dates and titles</h2>")
        out.append("<p>Each line is one disagreement: every value given, with its sources.</p><ul>")
        for dispute in report.disputes:
            values = " · ".join(f"“{escape(v)}” {_cite(labels)}" for v, labels in dispute.values)
            out.append(f"<li>{DISPUTE_LABELS[dispute.kind]}: {values}</li>")
        out.append("</ul>")
    out.append("<h2>Conflicts</h2>")
    if report.conflicts:
        out.append(
            "<table><tr><th>Kind</th><th>One source</th><th>Another source</th>"
            "<th>What differs</th></tr>"
        )
        for r in report.conflicts:
            out.append(
                f"<tr><td>{escape(r.kind)}</td><td>{escape(r.a_text)} {_cite((r.a_label,))}</td>"
                f"<td>{escape(r.b_text)} {_cite((r.b_label,))}</td><td>{escape(r.detail)}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>No conflicting numbers, dates, titles or claims were found.</p>")
    if report.variants:
        out.append("<h3>Name spellings (variants, not disagreements)</h3><ul>")
        for v in report.variants:
            out.append(
                f"<li>“{escape(v.x)}” {_cite(v.x_cites)} vs “{escape(v.y)}” {_cite(v.y_cites)}</li>"
            )
        out.append("</ul>")
    out.append("<h2>Names and titles</h2>")
    if report.names:
        out.append("<p>Names the sources spell or title differently (evidence, not errors):</p>")
        out.append("<table><tr><th>Name</th><th>Spelled</th><th>Titled</th></tr>")
        for row in report.names:
            spelled = " · ".join(f"“{escape(t)}” {_cite(c)}" for t, c in row.spellings)
            titled = " · ".join(f"“{escape(t)}” {_cite(c)}" for t, c in row.titles)
            out.append(f"<tr><td>{escape(row.name)}</td><td>{spelled}</td><td>{titled}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>Every source that names someone spells and titles them the same way.</p>")
    if report.other_names:
        names = ", ".join(f"{escape(n)} ({k})" for n, k in report.other_names)
        out.append(f"<p>Also named by two or more sources (how many): {names}.</p>")
    out.append("<h2>What each source leaves out</h2>")
    for section in report.omissions:
        out.append(f"<h3>{section.label} — {escape(section.name)}</h3><ul>")
        if not section.items:
            out.append("<li>Reports everything most sources report.</li>")
        out += [f"<li>{escape(i.text)} {_cite(i.cites)}</li>" for i in section.items]
        out.append("</ul>")
    return out
