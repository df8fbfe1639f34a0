"""Export: JSON version 1 against a schema, and the Markdown report's content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from newsread.core.export import pretty_json, to_json, to_markdown
from newsread.core.model import Comparison
from newsread.core.summary import source_stats

SCHEMA = {
    "type": "object",
    "required": ["version", "sources", "groups", "conflicts"],
    "properties": {
        "version": {"const": 1},
        "sources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "path", "name", "sentences"],
                "properties": {
                    "id": {"type": "string"},
                    "path": {"type": "string"},
                    "name": {"type": "string"},
                    "sentences": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["id", "start", "end", "text"],
                            "properties": {
                                "id": {"type": "string"},
                                "start": {"type": "integer", "minimum": 0},
                                "end": {"type": "integer", "minimum": 0},
                                "text": {"type": "string"},
                                "boilerplate": {"type": "boolean"},
                            },
                        },
                    },
                },
            },
        },
        "groups": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "members"],
                "properties": {"members": {"type": "array", "items": {"type": "string"}}},
            },
        },
        "conflicts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["a", "b", "kind", "detail"],
                "properties": {
                    "kind": {
                        "enum": [
                            "number",
                            "date",
                            "title",
                            "name_spelling",
                            "claim",
                            "quote",
                            "attribution",
                        ]
                    },
                    "detail": {"type": "string", "minLength": 1},
                },
            },
        },
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "differs", "sources", "spellings", "titles", "mentions"],
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "differs": {"type": "boolean"},
                    "sources": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "spellings": {"$ref": "#/$defs/namings", "minItems": 1},
                    "titles": {"$ref": "#/$defs/namings"},
                    "mentions": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "required": ["sentence", "start", "end"],
                            "properties": {
                                "sentence": {"type": "string"},
                                "start": {"type": "integer", "minimum": 0},
                                "end": {"type": "integer", "minimum": 1},
                            },
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "namings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["text", "sources"],
                "properties": {
                    "text": {"type": "string", "minLength": 1},
                    "sources": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                },
            },
        }
    },
}


def check_json_document(document: dict) -> None:
    """Schema plus the invariants the issue asks for; shared with the CLI test."""
    jsonschema.validate(document, SCHEMA)
    ids = [s["id"] for src in document["sources"] for s in src["sentences"]]
    assert len(ids) == len(set(ids)), "sentence ids are unique across sources"
    for source in document["sources"]:
        text = source.get("text") or Path(source["path"]).read_text(encoding="utf-8")
        for s in source["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
    grouped = {m for g in document["groups"] for m in g["members"]}
    content = {
        s["id"] for src in document["sources"] for s in src["sentences"] if not s.get("boilerplate")
    }
    assert content <= grouped, "every content sentence is in a group"
    assert grouped <= set(ids)
    for conflict in document["conflicts"]:
        assert conflict["a"] in ids and conflict["b"] in ids
    texts = {s["id"]: s["text"] for src in document["sources"] for s in src["sentences"]}
    for entity in document.get("entities", []):
        spellings = {n["text"] for n in entity["spellings"]}
        for mention in entity["mentions"]:
            assert texts[mention["sentence"]][mention["start"] : mention["end"]] in spellings


def test_json_matches_schema_and_offsets(seed_comparison: Comparison) -> None:
    document = json.loads(to_json(seed_comparison))
    check_json_document(document)
    assert any(len(g["sources"]) > 1 for g in document["groups"])


def test_markdown_has_every_section_and_cites(seed_comparison: Comparison) -> None:
    report = to_markdown(seed_comparison)
    for heading in (
        "## Sources",
        "## Consensus",
        "## Unique details",
        "## Conflicts",
        "## What each source leaves out",
    ):
        assert heading in report
    for article in seed_comparison.articles:
        assert article.name in report
    assert "former President" in report
    assert "Zelensky" in report and "variants, not disagreements" in report
    names = report.split("## Names and titles")[1].split("## What each source")[0]
    assert "“Volodymyr Zelensky”" in names and "“Volodymyr Zelenskyy”" in names
    assert "“former President”" in names  # Trump's title, with the source giving it
    consensus = report.split("## Consensus")[1].split("## Unique details")[0]
    bullets = [line for line in consensus.splitlines() if line.startswith("- ")]
    assert bullets and all(line.rstrip().endswith("]") for line in bullets)


def test_json_entity_sheet_lists_every_spelling_with_its_sources(
    seed_comparison: Comparison,
) -> None:
    document = json.loads(to_json(seed_comparison))
    by_name = {e["name"]: e for e in document["entities"]}
    zelensky = by_name["Volodymyr Zelenskyy"]
    assert zelensky["differs"]
    spelled = {n["text"]: n["sources"] for n in zelensky["spellings"]}
    assert {"Volodymyr Zelenskyy", "Volodymyr Zelensky"} <= set(spelled)
    assert not set(spelled["Volodymyr Zelenskyy"]) & set(spelled["Volodymyr Zelensky"])
    assert len(zelensky["sources"]) == 5
    assert not by_name["Steve Witkoff"]["differs"]


def test_json_text_is_what_json_dumps_writes_with_an_indent(seed_comparison: Comparison) -> None:
    text = to_json(seed_comparison)
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"
    odd = {"é ’ \u2028": [0.5, -0.0, 1e16, True, None, {}], "nested": {"a": [[], [1]]}}
    assert pretty_json(odd) == json.dumps(odd, ensure_ascii=False, indent=2) + "\n"


def test_json_text_falls_back_for_what_orjson_refuses() -> None:
    refused = {"lone surrogate": "\ud800", "big": 2**70}
    assert json.loads(pretty_json(refused)) == refused


def test_export_never_drops_a_sentence(seed_comparison: Comparison) -> None:
    document = json.loads(to_json(seed_comparison))
    exported = [s["id"] for src in document["sources"] for s in src["sentences"]]
    assert exported == [s.id for s in seed_comparison.sentences]


def test_sentences_of_lists_each_article_in_order(seed_comparison: Comparison) -> None:
    rebuilt = [s for a in seed_comparison.articles for s in seed_comparison.sentences_of(a.id)]
    assert rebuilt == list(seed_comparison.sentences)
    assert all(
        s.article_id == a.id
        for a in seed_comparison.articles
        for s in seed_comparison.sentences_of(a.id)
    )
    assert seed_comparison.sentences_of("no-such-article") == ()


def test_stats_add_up(seed_comparison: Comparison) -> None:
    for stats in source_stats(seed_comparison).values():
        assert stats.shared + stats.unique == stats.sentences
        assert stats.conflicts <= stats.sentences


def test_conflicts_sharing_a_value_chain_into_one_dispute() -> None:
    """ "A says 400 people, B says 130": every value of one disagreement on one line."""
    from newsread.core.ingest import article_from_text
    from newsread.core.model import Conflict, Sentence
    from newsread.core.summary import disputes

    texts = {
        "s1": "About 130 people crossed on Monday.",
        "s2": "Roughly 400 people crossed on Tuesday.",
        "s3": "about 130 people crossed, officials said.",
        "s4": "Former President Trump spoke.",
        "s5": "President Trump spoke.",
    }
    articles = tuple(article_from_text(t, article_id=i, name=i) for i, t in texts.items())
    sentences = tuple(Sentence(f"{i}.0", i, 0, 0, len(t), t) for i, t in texts.items())

    def conflict(kind: str, a: str, b: str, a_value: str, b_value: str) -> Conflict:
        return Conflict(f"{a}.0", f"{b}.0", kind, "…", a_value=a_value, b_value=b_value)  # type: ignore[arg-type]

    comparison = Comparison(
        articles, sentences, groups=(),
        conflicts=(
            conflict("number", "s1", "s2", "About 130 people", "Roughly 400 people"),
            conflict("date", "s1", "s2", "Monday", "Tuesday"),
            conflict("number", "s2", "s3", "Roughly 400 people", "about 130 people"),
            conflict("title", "s4", "s5", "Former President", "President"),
            conflict("claim", "s1", "s3", "crossed", "crossed, officials said"),
        ),
    )  # fmt: skip
    found = disputes(comparison)
    assert [(d.kind, [(v.text, v.sources) for v in d.values]) for d in found] == [
        ("number", [("About 130 people", ("s1", "s3")), ("Roughly 400 people", ("s2",))]),
        ("date", [("Monday", ("s1",)), ("Tuesday", ("s2",))]),
        ("title", [("Former President", ("s4",)), ("President", ("s5",))]),
    ]
    report = to_markdown(comparison)
    section = report.split("## Disputed figures, dates and titles")[1].split("## Conflicts")[0]
    assert "- numbers: “About 130 people” [S1, S3] · “Roughly 400 people” [S2]" in section
    document = json.loads(to_json(comparison))  # the same for scripts
    assert document["disputes"][0] == {
        "kind": "number",
        "values": [
            {"text": "About 130 people", "sentences": ["s1.0", "s3.0"], "sources": ["s1", "s3"]},
            {"text": "Roughly 400 people", "sentences": ["s2.0"], "sources": ["s2"]},
        ],
    }
    assert [d["kind"] for d in document["disputes"]] == ["number", "date", "title"]
    assert "crossed, officials said" not in section  # claims are whole statements, not values


def test_seed_report_lists_its_disputed_title(seed_comparison: Comparison) -> None:
    report = to_markdown(seed_comparison)
    section = report.split("## Disputed figures, dates and titles")[1].split("## Conflicts")[0]
    # Every source that titles him (from the entity sheet), not only the aligned pair.
    assert "titles: “President” [S1, S3, S5] · “former President” [S2]" in section
