"""The ML pipeline's Django side: registry, training jobs, serving and monitoring.

The numeric work (features, training, export, drift statistics) is :mod:`atrium.ml`;
this app feeds it rows from the ORM and keeps what it produces.
"""
