"""Every component's state, as core sees it."""
