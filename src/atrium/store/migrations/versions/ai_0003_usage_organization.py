"""AI: the organization each chat answer's tokens count against (monthly LLM budgets).

Revision ID: ai_0003
Revises: ai_0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ai_0003"
down_revision: str | None = "ai_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ai_chat_usage") as table:
        table.add_column(sa.Column("organization_id", sa.BigInteger(), nullable=True))
        table.create_index("ix_ai_chat_usage_organization_id", ["organization_id"])


def downgrade() -> None:
    with op.batch_alter_table("ai_chat_usage") as table:
        table.drop_index("ix_ai_chat_usage_organization_id")
        table.drop_column("organization_id")
