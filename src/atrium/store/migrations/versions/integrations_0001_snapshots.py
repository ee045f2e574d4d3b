"""Integrations: daily snapshots of APOD and of the NEO feed, one row per date.

Revision ID: integrations_0001
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "integrations_0001"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = ("integrations",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "integrations_apod_snapshots",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column(
            "fetched_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )
    op.create_table(
        "integrations_neo_day_snapshots",
        sa.Column("day", sa.Date(), primary_key=True),
        sa.Column("asteroids", sa.JSON(), nullable=False),
        sa.Column(
            "fetched_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
    )


def downgrade() -> None:
    op.drop_table("integrations_neo_day_snapshots")
    op.drop_table("integrations_apod_snapshots")
