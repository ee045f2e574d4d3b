"""AI: each user's chat conversations, listed, resumed and deleted by that user.

Revision ID: ai_0004
Revises: ai_0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ai_0004"
down_revision: str | None = "ai_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "ai_chat_conversations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("turns", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_ai_chat_conversations_user_id", "ai_chat_conversations", ["user_id"])
    op.create_index("ix_ai_chat_conversations_updated_at", "ai_chat_conversations", ["updated_at"])


def downgrade() -> None:
    op.drop_table("ai_chat_conversations")
