"""A fake of every upstream, in each one's wire format, with faults on demand.

It serves the recorded-style samples in ``samples/`` (each upstream under its own path
prefix, e.g. ``/nasa/planetary/apod``), so the real connectors run against it over
loopback in tests and in ``atrium dev --offline``.
"""
