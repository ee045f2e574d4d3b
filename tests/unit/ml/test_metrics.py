from __future__ import annotations

import numpy as np
import pytest

from atrium.ml.metrics import brier, expected_calibration_error, roc_auc


def test_auc_counts_pairs_ranked_right_and_ties_as_half() -> None:
    y = np.array([0, 0, 1, 1])
    assert roc_auc(y, np.array([0.1, 0.4, 0.35, 0.8])) == 0.75  # 3 of 4 pairs right
    assert roc_auc(y, np.array([0.5, 0.5, 0.5, 0.5])) == 0.5
    assert roc_auc(y, np.array([0.9, 0.8, 0.2, 0.1])) == 0.0


def test_auc_needs_both_classes() -> None:
    with pytest.raises(ValueError, match="both classes"):
        roc_auc(np.ones(3), np.array([0.1, 0.2, 0.3]))


def test_brier_is_the_mean_squared_error_of_the_probabilities() -> None:
    assert brier(np.array([1, 0]), np.array([0.8, 0.4])) == pytest.approx((0.04 + 0.16) / 2)


def test_calibration_error_weighs_each_bins_gap_by_its_size() -> None:
    y = np.array([1, 0, 0, 0, 1, 1])
    p = np.array([0.2, 0.2, 0.2, 0.2, 0.9, 0.9])
    # bin 0.2: observed 1/4 vs 0.2 (4 rows); bin 0.9: observed 1 vs 0.9 (2 rows)
    assert expected_calibration_error(y, p) == pytest.approx((4 * 0.05 + 2 * 0.1) / 6)
