"""The Django core: identity, organizations, learning, admin and job orchestration."""
