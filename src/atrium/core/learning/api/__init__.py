"""/api/v1/catalog/ and /api/v1/progress/: thin transports over the learning services."""
