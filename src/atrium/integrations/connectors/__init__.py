"""One module per upstream: its wire schema (what it documents), output schema and calls."""
