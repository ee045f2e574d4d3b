"""The learning domain's rules, for every transport (API, admin, import, seed)."""
