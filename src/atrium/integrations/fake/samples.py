"""The sample payloads the fake serves, loaded once from the package's data files."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _load(name: str) -> Any:
    return json.loads(resources.files(__package__).joinpath("samples", f"{name}.json").read_text())


def sample(name: str) -> Any:
    """A fresh copy of sample ``name``: handlers may change it freely."""
    return copy.deepcopy(_load(name))
