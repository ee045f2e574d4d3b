"""Atrium: a Django core and a FastAPI service sharing one distribution."""

__version__ = "0.1.0"
