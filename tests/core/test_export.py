"""Export: JSON version 1 against a schema, and the Markdown report's content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from newsread.core.export import to_json, to_markdown
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
                        "enum": ["number", "date", "title", "name_spelling", "claim", "quote"]
                    },
                    "detail": {"type": "string", "minLength": 1},
                },
            },
        },
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
    consensus = report.split("## Consensus")[1].split("## Unique details")[0]
    bullets = [line for line in consensus.splitlines() if line.startswith("- ")]
    assert bullets and all(line.rstrip().endswith("]") for line in bullets)


def test_export_never_drops_a_sentence(seed_comparison: Comparison) -> None:
    document = json.loads(to_json(seed_comparison))
    exported = [s["id"] for src in document["sources"] for s in src["sentences"]]
    assert exported == [s.id for s in seed_comparison.sentences]


def test_stats_add_up(seed_comparison: Comparison) -> None:
    for stats in source_stats(seed_comparison).values():
        assert stats.shared + stats.unique == stats.sentences
        assert stats.conflicts <= stats.sentences
