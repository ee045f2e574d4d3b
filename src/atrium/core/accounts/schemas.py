from datetime import datetime

from ninja import Schema
from pydantic import Field


class RegisterIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(min_length=1, max_length=256)
    full_name: str = Field(default="", max_length=150)


class TokenIn(Schema):
    email: str = Field(max_length=254)
    password: str = Field(max_length=256)
    organization_id: int | None = Field(
        default=None, description="Act for this organization; defaults to the first joined."
    )


class RefreshIn(Schema):
    refresh_token: str | None = Field(
        default=None, max_length=256, description="Omit to use the HttpOnly refresh cookie."
    )
    organization_id: int | None = Field(
        default=None, description="Switch the active organization (needs a membership)."
    )


class LogoutIn(Schema):
    refresh_token: str | None = Field(default=None, max_length=256)


class TokenOut(Schema):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"  # noqa: S105 (the OAuth 2 token type)
    expires_in: int
    organization_id: int | None
    role: str | None


class TokenValueIn(Schema):
    token: str = Field(max_length=512)


class EmailIn(Schema):
    email: str = Field(max_length=254)


class PasswordResetConfirmIn(Schema):
    token: str = Field(max_length=512)
    new_password: str = Field(max_length=256)


class PasswordChangeIn(Schema):
    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class PasswordIn(Schema):
    password: str = Field(max_length=256)


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


class ProfileIn(Schema):
    full_name: str = Field(max_length=150)
