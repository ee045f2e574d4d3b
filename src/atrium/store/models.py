"""Tables of the AI store. Each domain (integrations, ai, ml) adds its own here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, func
from sqlalchemy.orm import Mapped, mapped_column

from atrium.store.db import Base


class StoreInfo(Base):
    """Facts about the store itself (e.g. which vector backend it was created with)."""

    __tablename__ = "store_info"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(500))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
