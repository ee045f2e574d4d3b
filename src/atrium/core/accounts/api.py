"""/api/v1/auth/ and /api/v1/users/: thin transports over the account services.

The refresh token comes back in the body and in an HttpOnly cookie scoped to
/api/v1/auth/ (Secure in production); refresh and logout read the body first and fall
back to the cookie, so a browser never needs to see the token.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status

from atrium.common.tokens import Role
from atrium.config import get_settings
from atrium.core.accounts import emails, services, throttling
from atrium.core.accounts.audit import record
from atrium.core.accounts.auth import api_key_auth, require_service, user_of, user_only
from atrium.core.accounts.models import AuditEvent, RefreshToken, User
from atrium.core.accounts.schemas import (
    EmailIn,
    Id,
    LogoutIn,
    PasswordChangeIn,
    PasswordIn,
    PasswordResetConfirmIn,
    ProfileIn,
    RefreshIn,
    RegisteredOut,
    RegisterIn,
    TokenIn,
    TokenOut,
    TokenValueIn,
    UserOut,
)
from atrium.core.accounts.tokens import (
    RefreshRejected,
    TokenPair,
    continue_family,
    issue_pair,
    revoke_refresh,
    spend_refresh,
)
from atrium.core.audit_context import AuditContext
from atrium.core.domain import NotAuthenticated, NotFound, PermissionDenied
from atrium.core.orgs.services import default_membership, membership_for

REFRESH_COOKIE = "atrium_refresh"
COOKIE_PATH = "/api/v1/auth/"

auth_router = Router(tags=["auth"])
users_router = Router(tags=["users"], auth=user_only)
router = Router()
router.add_router("/auth/", auth_router)
router.add_router("/users/", users_router)


def _active_org(user_id: int, org_id: int) -> tuple[int, Role]:
    membership = membership_for(user_id, org_id)
    if membership is None:
        raise PermissionDenied("You are not a member of this organization")
    return org_id, Role(membership.role)


def _token_response(
    response: HttpResponse, pair: TokenPair, org_id: int | None, role: Role | None
) -> TokenOut:
    settings = get_settings()
    response.set_cookie(
        REFRESH_COOKIE,
        pair.refresh_token,
        max_age=settings.refresh_token_ttl_s,
        path=COOKIE_PATH,
        secure=settings.is_prod,
        httponly=True,
        samesite="Strict",
    )
    return TokenOut(
        access_token=pair.access_token,
        refresh_token=pair.refresh_token,
        expires_in=pair.expires_in,
        organization_id=org_id,
        role=role.value if role else None,
    )


def _presented_refresh(request: HttpRequest, body: str | None) -> str:
    token = body or request.COOKIES.get(REFRESH_COOKIE)
    if not token:
        raise NotAuthenticated("No refresh token in the body or the cookie")
    return token


@auth_router.post("/register", response={201: RegisteredOut}, operation_id="auth_register")
def register(request: HttpRequest, payload: RegisterIn) -> Status[RegisteredOut]:
    """Create an account; it can log in at once. A verification token is emailed. An
    address that already has an account gets the same answer, and its owner an email."""
    email = services.register(audit=AuditContext.from_request(request), **payload.dict())
    return Status(201, RegisteredOut(email=email))


@auth_router.post("/verify-email", response=UserOut, operation_id="auth_verify_email")
def verify_email(request: HttpRequest, payload: TokenValueIn) -> User:
    return services.verify_email(payload.token, audit=AuditContext.from_request(request))


@auth_router.post(
    "/verify-email/resend",
    response={202: None},
    auth=user_only,
    operation_id="auth_resend_verification",
)
def resend_verification(request: HttpRequest) -> Status[None]:
    user = user_of(request)
    throttling.VERIFY_ACCOUNT.hit(user.email)
    if user.email_verified_at is None:
        emails.send_verification(user)
    return Status(202, None)


@auth_router.post("/token", response=TokenOut, operation_id="auth_token")
def token(request: HttpRequest, response: HttpResponse, payload: TokenIn) -> TokenOut:
    """Log in with email and password: an access token and a refresh token."""
    user = services.login(
        audit=AuditContext.from_request(request), email=payload.email, password=payload.password
    )
    if payload.organization_id is not None:
        org_id, role = _active_org(user.pk, payload.organization_id)
    elif (membership := default_membership(user)) is not None:
        org_id, role = membership.organization_id, Role(membership.role)
    else:
        org_id, role = None, None
    return _token_response(response, issue_pair(user, org_id, role), org_id, role)


@auth_router.post("/refresh", response=TokenOut, operation_id="auth_refresh")
def refresh(request: HttpRequest, response: HttpResponse, payload: RefreshIn) -> TokenOut:
    """Rotate the refresh token; with ``organization_id``, switch the active organization."""
    audit = AuditContext.from_request(request)
    throttling.REFRESH_ADDRESS.hit(audit.address or "unknown")
    raw = _presented_refresh(request, payload.refresh_token)

    def choose_org(token: RefreshToken) -> tuple[int | None, Role | None]:
        # Runs before the token is spent: a refusal here (429, or 503 when the cache is
        # down) leaves it valid for a retry instead of turning the retry into reuse.
        throttling.REFRESH_FAMILY.hit(str(token.family))
        if payload.organization_id is not None:
            return _active_org(token.user_id, payload.organization_id)
        org_id = token.organization_id
        membership = membership_for(token.user_id, org_id) if org_id is not None else None
        return (org_id, Role(membership.role)) if membership else (None, None)

    try:
        spent, (org_id, role) = spend_refresh(raw, choose_org, audit=audit)
    except RefreshRejected as exc:
        raise NotAuthenticated(str(exc)) from exc
    return _token_response(response, continue_family(spent, org_id, role), org_id, role)


@auth_router.post("/logout", response={204: None}, operation_id="auth_logout")
def logout(request: HttpRequest, response: HttpResponse, payload: LogoutIn) -> Status[None]:
    """Revoke the refresh token's whole family and clear the cookie."""
    revoked = revoke_refresh(_presented_refresh(request, payload.refresh_token))
    if revoked is not None:
        record(AuditEvent.Kind.LOGOUT, audit=AuditContext.from_request(request), actor=revoked.user)
    response.delete_cookie(REFRESH_COOKIE, path=COOKIE_PATH, samesite="Strict")
    return Status(204, None)


@auth_router.post("/password-reset", response={202: None}, operation_id="auth_password_reset")
def password_reset(request: HttpRequest, payload: EmailIn) -> Status[None]:
    """Email a reset token if the account exists (the answer does not say)."""
    services.request_password_reset(payload.email, audit=AuditContext.from_request(request))
    return Status(202, None)


@auth_router.post(
    "/password-reset/confirm", response={204: None}, operation_id="auth_password_reset_confirm"
)
def password_reset_confirm(request: HttpRequest, payload: PasswordResetConfirmIn) -> Status[None]:
    services.reset_password(
        audit=AuditContext.from_request(request),
        token=payload.token,
        new_password=payload.new_password,
    )
    return Status(204, None)


@users_router.get("/me", response=UserOut, operation_id="users_me")
def me(request: HttpRequest) -> User:
    return user_of(request)


@users_router.get(
    "/{user_id}", response=UserOut, auth=api_key_auth, operation_id="users_get_for_service"
)
def get_user_for_service(request: HttpRequest, user_id: Id) -> User:
    """A user's profile, for Atrium's own services (the service credential only)."""
    require_service(request)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound("No such user")
    return user


@users_router.patch("/me", response=UserOut, operation_id="users_update_me")
def update_me(request: HttpRequest, payload: ProfileIn) -> User:
    user = user_of(request)
    user.full_name = payload.full_name
    user.save(update_fields=["full_name"])
    return user


@users_router.post("/me/password", response={204: None}, operation_id="users_change_password")
def change_password(request: HttpRequest, payload: PasswordChangeIn) -> Status[None]:
    services.change_password(
        user_of(request),
        audit=AuditContext.from_request(request),
        current=payload.current_password,
        new=payload.new_password,
    )
    return Status(204, None)


@users_router.delete("/me", response={204: None}, operation_id="users_delete_me")
def delete_me(request: HttpRequest, payload: PasswordIn) -> Status[None]:
    """Delete the account (refused while it is the only owner of an organization)."""
    services.delete_account(
        user_of(request), audit=AuditContext.from_request(request), password=payload.password
    )
    return Status(204, None)
