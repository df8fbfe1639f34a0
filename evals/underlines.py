"""Print a story's underlines ("details only this source gives") two ways, to read.

Exact words (what the reader showed before word vectors) against word vectors
from the model's forward pass (``core/wordvec.py``): for every sentence whose
underlines differ, the words each way. There are no labels for this; the
threshold ``wordvec.WORD_MATCH`` was read off this output on the seed story.

Usage::

    python -m evals.underlines [PATH ...]      # default: the bundled story
"""

from __future__ import annotations

import argparse
import os

from newsread.core.compare import compare, unique_words
from newsread.core.embed import default_cache_dir, make_embedder
from newsread.core.ingest import load_articles
from newsread.core.seeds import default_story


def main() -> int:
    parser = argparse.ArgumentParser(description="underlines: exact words vs word vectors")
    parser.add_argument("paths", nargs="*", help="article files or folders")
    args = parser.parse_args()
    paths = args.paths or [str(default_story())]
    comparison = compare(load_articles(paths), make_embedder(None, default_cache_dir(os.environ)))
    exact = dict(unique_words(comparison.sentences, comparison.groups, comparison.links))
    soft = dict(comparison.unique_words)
    changed = 0
    for sentence in comparison.sentences:
        before, after = exact.get(sentence.id, ()), soft.get(sentence.id, ())
        if before == after:
            continue
        changed += 1
        print(f"{sentence.id}: {sentence.text}")
        print("   exact words: " + " | ".join(sentence.text[a:b] for a, b in before))
        print("   word vectors: " + " | ".join(sentence.text[a:b] for a, b in after))
    words_before = sum(len(s) for s in exact.values())
    words_after = sum(len(s) for s in soft.values())
    print(
        f"\n{changed} sentences changed; underlined spans {words_before} -> {words_after}; "
        f"sentences with underlines {len(exact)} -> {len(soft)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
