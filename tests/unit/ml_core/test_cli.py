"""``atrium ml``: the same rules as the API, refusals printed instead of raised."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from atrium.cli import app
from atrium.core.ml.models import ModelVersion, Stage
from atrium.core.ml.services import registry
from tests.unit.ml_core.factories import GOOD, WORSE, make_version

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ml", *args])
    return result.exit_code, re.sub(r"\s+", " ", result.output)


def test_promote_refuses_a_worse_candidate_and_rollback_restores() -> None:
    production = make_version(GOOD)
    registry.promote(production)
    worse = make_version(WORSE)
    code, said = _run("promote", "completion", str(worse.version))
    assert code == 1
    assert "on the same rows" in said
    assert re.search(
        r"ROC AUC 0\.\d{4} on its holdout; production completion@1 scores 0\.\d{4}", said
    )
    code, said = _run("rollback")
    assert code == 1
    assert "nothing to roll back to" in said
    assert ModelVersion.objects.get(stage=Stage.PRODUCTION).pk == production.pk


def test_monitor_reports_each_production_version() -> None:
    registry.promote(make_version(GOOD))
    code, said = _run("monitor")
    assert code == 0, said
    assert "completion@1: drift none" in said
    assert "0 inputs" in said


def test_training_with_too_little_data_says_how_much_is_needed() -> None:
    code, said = _run("train", "--here", "--epochs", "2")
    assert code == 1
    assert "train examples: need 200, found 0" in said
    code, said = _run("train", "nope")
    assert code == 1
    assert "No model 'nope'" in said
