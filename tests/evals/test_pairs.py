"""The ceiling study's threshold and scoring helpers (no data needed)."""

from __future__ import annotations

import numpy as np
import pytest

from evals.pairs import best_threshold, prf


def test_best_threshold_picks_the_best_f1_cut() -> None:
    y = np.array([True, False, True, False])
    score = np.array([0.9, 0.8, 0.7, 0.1])
    threshold, f1 = best_threshold(y, score)
    assert threshold == pytest.approx(0.7)
    assert f1 == pytest.approx(0.8)  # top three: P 2/3, R 1
    assert prf(y, score >= threshold) == pytest.approx((2 / 3, 1.0, 0.8))


def test_prf_with_nothing_chosen() -> None:
    y = np.array([True, False])
    assert prf(y, np.array([False, False])) == (0.0, 0.0, 0.0)
