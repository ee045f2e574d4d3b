"""Background jobs: what was started, by whom, and how far it has got."""
