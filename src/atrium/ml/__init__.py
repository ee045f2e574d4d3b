"""The numeric ML code: events to features, datasets, the model, training, export, drift.

It imports neither Django nor FastAPI: the Django side reads rows with the ORM, hands
them over as the plain dataclasses of ``events.py``, and stores what comes back.
"""
