"""Organizations: tenancy, memberships and roles, invitations, and per-organization API keys."""
