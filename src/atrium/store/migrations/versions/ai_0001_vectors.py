"""AI: item vectors (pgvector + HNSW on PostgreSQL, bytes on SQLite), personality, chat usage.

Revision ID: ai_0001
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "ai_0001"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("ai",)
depends_on: str | Sequence[str] | None = None

DIMENSION = 384


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    vector = Vector(DIMENSION) if postgres else sa.LargeBinary()
    tags = JSONB() if postgres else sa.JSON()
    op.create_table(
        "ai_item_vectors",
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("organization_id", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("tags", tags, nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("embedding", vector, nullable=False),
        sa.Column("source_updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "indexed_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_ai_item_vectors_organization_id", "ai_item_vectors", ["organization_id"])
    op.create_index("ix_ai_item_vectors_kind", "ai_item_vectors", ["kind"])
    if postgres:
        op.execute(
            "CREATE INDEX ix_ai_item_vectors_embedding_hnsw ON ai_item_vectors "
            "USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64)"
        )
        op.execute("CREATE INDEX ix_ai_item_vectors_tags ON ai_item_vectors USING gin (tags)")
    op.create_table(
        "ai_index_generation",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("generation", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "ai_personality_profiles",
        sa.Column("user_id", sa.BigInteger(), primary_key=True),
        sa.Column("organization_id", sa.BigInteger(), nullable=True),
        sa.Column("method", sa.String(100), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_table(
        "ai_chat_usage",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("provider", sa.String(32), nullable=False),
        sa.Column("model", sa.String(100), nullable=False),
        sa.Column("input_tokens", sa.Integer(), nullable=False),
        sa.Column("output_tokens", sa.Integer(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_index("ix_ai_chat_usage_user_id", "ai_chat_usage", ["user_id"])
    op.create_index("ix_ai_chat_usage_created_at", "ai_chat_usage", ["created_at"])


def downgrade() -> None:
    op.drop_table("ai_chat_usage")
    op.drop_table("ai_personality_profiles")
    op.drop_table("ai_index_generation")
    op.drop_table("ai_item_vectors")
