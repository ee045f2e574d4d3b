from datetime import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field, field_validator

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""A primary key as the API takes it: in range for every database, so never a 500."""


class Input(Schema):
    """Request bodies: no NUL characters, which no database column accepts."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value


class RegisterIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=256)
    full_name: str = Field(default="", max_length=150)


class TokenIn(Input):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    organization_id: Id | None = Field(
        default=None, description="Act for this organization; defaults to the first joined."
    )


class RefreshIn(Input):
    refresh_token: str | None = Field(
        default=None, max_length=256, description="Omit to use the HttpOnly refresh cookie."
    )
    organization_id: Id | None = Field(
        default=None, description="Switch the active organization (needs a membership)."
    )


class LogoutIn(Input):
    refresh_token: str | None = Field(default=None, max_length=256)


class TokenOut(Schema):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth 2 token type)
    expires_in: int
    organization_id: int | None
    role: str | None


class TokenValueIn(Input):
    token: str = Field(max_length=512)


class EmailIn(Input):
    email: str = Field(max_length=254)


class PasswordResetConfirmIn(Input):
    token: str = Field(max_length=512)
    new_password: str = Field(max_length=256)


class PasswordChangeIn(Input):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordIn(Input):
    password: str = Field(max_length=256)


class RegisteredOut(Schema):
    email: str
    message: str = "Check your inbox: we sent a message to this address."


class UserOut(Schema):
    id: int
    email: str
    full_name: str
    email_verified: bool
    email_verified_at: datetime | None
    date_joined: datetime

    @staticmethod
    def resolve_email_verified(obj: object) -> bool:
        return getattr(obj, "email_verified_at", None) is not None


class ProfileIn(Input):
    full_name: str = Field(max_length=150)
