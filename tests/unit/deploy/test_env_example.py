""".env.example documents every setting Atrium reads, and nothing it does not."""

from __future__ import annotations

import re

from atrium.config import Settings
from tests.unit.deploy.tools import DEPLOY, REPO

ASSIGNMENT = re.compile(r"^#?\s?([A-Z][A-Z0-9_]*)=", re.MULTILINE)
COMPOSE_SECTION = "# --- Docker Compose only"


def documented() -> tuple[set[str], set[str]]:
    """Names in the settings part and in the Compose-only part of .env.example."""
    settings_part, compose_part = (REPO / ".env.example").read_text().split(COMPOSE_SECTION)
    return set(ASSIGNMENT.findall(settings_part)), set(ASSIGNMENT.findall(compose_part))


def test_every_setting_is_documented() -> None:
    settings, _ = documented()
    names = {name.upper() for name in Settings.model_fields}
    assert names - settings == set(), "add these settings to .env.example"
    assert settings - names == set(), ".env.example documents settings that do not exist"


def test_the_compose_part_names_what_compose_yml_interpolates() -> None:
    _, compose = documented()
    interpolated = set(re.findall(r"\$\{([A-Z_]+)", (DEPLOY / "compose.yml").read_text()))
    settings = {name.upper() for name in Settings.model_fields}
    assert interpolated - settings == compose
