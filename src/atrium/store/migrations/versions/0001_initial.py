"""Initial AI store: the pgvector extension on PostgreSQL, and the store's facts.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.create_table(
        "store_info",
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("value", sa.String(500), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    vectors = "pgvector" if dialect == "postgresql" else "in-process"
    op.bulk_insert(
        sa.table("store_info", sa.column("key"), sa.column("value")),
        [{"key": "vector_backend", "value": vectors}],
    )


def downgrade() -> None:
    op.drop_table("store_info")
