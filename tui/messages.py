"""Messages the reader's workers and widgets post: named for what happened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..core.model import Comparison
from .prepared import PreparedView


@dataclass
class AlignmentProgress(Message):
    """The pipeline moved: ``stage`` is sentences, embeddings, alignment or conflicts."""

    stage: str
    done: int
    total: int
    model_loading: bool = False

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress message needs to stay queued."""
        return isinstance(message, AlignmentProgress)


@dataclass
class AlignmentReady(Message):
    """The comparison is complete, with what the reader derives from it to draw it."""

    comparison: Comparison
    prepared: PreparedView | None = None


@dataclass
class AlignmentFailed(Message):
    """The model or the pipeline failed; ``error`` names the cause and the fix."""

    error: str


@dataclass
class WordVectorsReady(Message):
    """Word vectors for a comparison read from its report (``PreparedView.word_vectors``
    form), or ``error`` saying why there are none."""

    comparison: Comparison
    vectors: dict[str, tuple[int, bytes]]
    error: str = ""


@dataclass
class SentenceClicked(Message):
    """The user clicked a sentence."""

    sentence_id: str
