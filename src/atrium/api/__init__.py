"""The FastAPI service: public-API integrations and AI features."""
