"""AI: who is taking which item (from core's progress events), for popularity.

Revision ID: ai_0002
Revises: ai_0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ai_0002"
down_revision: str | None = "ai_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_item_engagement",
        sa.Column("user_id", sa.BigInteger(), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("organization_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ai_item_engagement_item_id", "ai_item_engagement", ["item_id"])


def downgrade() -> None:
    op.drop_table("ai_item_engagement")
