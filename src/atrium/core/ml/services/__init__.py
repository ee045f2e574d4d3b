"""The ML domain's rules, for every transport (API, admin, CLI, tasks)."""
