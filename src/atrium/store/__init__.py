"""The AI store: api's own database (SQLAlchemy 2 async, Alembic migrations).

PostgreSQL with pgvector in production, SQLite by default. Core never touches it.
"""
