from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from atrium.common.tokens import Role
from atrium.core.accounts.schemas import Input

Scope = Literal["read", "write"]


class OrganizationIn(Input):
    name: str = Field(min_length=1, max_length=120)


class OrganizationOut(Schema):
    id: int
    name: str
    created_at: datetime
    role: Role = Field(description="The caller's role in it.")


class MemberOut(Schema):
    user_id: int
    email: str
    full_name: str
    role: Role
    joined_at: datetime


class RoleIn(Input):
    role: Role


class InvitationIn(Input):
    email: str = Field(max_length=254)
    role: Role = Role.MEMBER


class InvitationOut(Schema):
    id: int
    email: str
    role: Role
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


class InvitationCreatedOut(InvitationOut):
    token: str = Field(
        description="The invitation's token, also emailed; shown once for the inviter to pass on."
    )


class AcceptIn(Input):
    token: str = Field(max_length=256)


class ApiKeyIn(Input):
    name: str = Field(min_length=1, max_length=120)
    scopes: list[Scope] = Field(min_length=1)


class ApiKeyOut(Schema):
    id: int
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    key: str = Field(description="The whole key. It is shown this once and never again.")
