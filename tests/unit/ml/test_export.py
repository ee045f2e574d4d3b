from __future__ import annotations

import numpy as np
import pytest

from atrium.ml.dataset import Dataset
from atrium.ml.export import export_onnx
from atrium.ml.features import FEATURE_SCHEMA
from atrium.ml.scoring import OnnxScorer
from atrium.ml.training import TrainingResult


@pytest.fixture(scope="module")
def scorer(trained: TrainingResult) -> OnnxScorer:
    return OnnxScorer(export_onnx(trained.module))


def test_onnx_runtime_answers_what_pytorch_answers(
    scorer: OnnxScorer, trained: TrainingResult, dataset: Dataset
) -> None:
    expected = trained.module.predict_proba(dataset.X)
    np.testing.assert_allclose(scorer.predict_proba(dataset.X), expected, rtol=0, atol=1e-5)
    np.testing.assert_allclose(scorer.predict_proba(dataset.X[:1]), expected[:1], atol=1e-5)
    assert expected.std() > 0.05  # a model that answers one constant would agree trivially


def test_the_artifact_names_the_feature_schema_it_takes(scorer: OnnxScorer) -> None:
    assert scorer.schema_hash == FEATURE_SCHEMA.hash()
    assert scorer.feature_names == FEATURE_SCHEMA.names


def test_rows_of_the_wrong_width_are_refused(scorer: OnnxScorer, dataset: Dataset) -> None:
    with pytest.raises(ValueError, match="expected rows of 20 features"):
        scorer.predict_proba(dataset.X[:, :-1])
