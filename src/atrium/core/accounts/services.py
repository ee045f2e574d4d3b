"""Account rules: registration, login, verification, password changes and deletion."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from atrium.core.accounts import emails, throttling
from atrium.core.accounts.audit import record
from atrium.core.accounts.models import AuditEvent, User
from atrium.core.accounts.tokens import revoke_all
from atrium.core.audit_context import AuditContext
from atrium.core.domain import Conflict, InvalidInput, NotAuthenticated
from atrium.core.orgs.services import sole_owned_organizations


def _validated_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc


def register(*, audit: AuditContext, email: str, password: str, full_name: str = "") -> str:
    """Sign-up, throttled per address; the address is then verified by email. An address
    that has an account gets the same answer (its normalized form) and the same cost (a
    password hash), and its owner an email, so the answer reveals no account."""
    throttling.REGISTER_ADDRESS.hit(audit.address or "unknown")
    try:
        user = create_account(audit=audit, email=email, password=password, full_name=full_name)
    except Conflict:
        make_password(password)
        existing = User.objects.get(email__iexact=_normalized(email))
        emails.send_already_registered(existing)
        return existing.email
    emails.send_verification(user)
    return user.email


def _normalized(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def create_account(
    *,
    audit: AuditContext,
    email: str,
    password: str,
    full_name: str = "",
    verified: bool = False,
    superuser: bool = False,
) -> User:
    """Validate and create an account, audited as registered. Accounts the system makes
    itself (demo data) may come ``verified``, or as a ``superuser`` of the admin."""
    email = _normalized(email)
    try:
        validate_email(email)
    except ValidationError as exc:
        raise InvalidInput("Enter a valid email address") from exc
    candidate = User(email=email, full_name=full_name)
    _validated_password(password, candidate)
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict("An account with this email already exists")
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email,
                password,
                full_name=full_name,
                email_verified_at=timezone.now() if verified else None,
                is_staff=superuser,
                is_superuser=superuser,
            )
    except IntegrityError as exc:
        raise Conflict("An account with this email already exists") from exc
    record(AuditEvent.Kind.REGISTERED, audit=audit, actor=user)
    return user


def login(*, audit: AuditContext, email: str, password: str) -> User:
    """Check the password under per-account and per-address failure delays."""
    account, address = email.strip().lower(), audit.address or "unknown"
    throttling.LOGIN_ACCOUNT.check(account)
    throttling.LOGIN_ADDRESS.check(address)
    user = authenticate(None, username=account, password=password)
    if not isinstance(user, User):
        delay = throttling.LOGIN_ACCOUNT.failed(account)
        throttling.LOGIN_ADDRESS.failed(address)
        record(AuditEvent.Kind.LOGIN_FAILED, audit=audit, email=account)
        if delay:
            record(AuditEvent.Kind.LOCKOUT, audit=audit, email=account, seconds=delay)
        raise NotAuthenticated("Incorrect email or password")
    throttling.LOGIN_ACCOUNT.succeeded(account)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    record(AuditEvent.Kind.LOGIN, audit=audit, actor=user)
    return user


def verify_email(token: str, *, audit: AuditContext) -> User:
    user = emails.user_for_token(emails.email_verification_tokens, token)
    if user is None:
        raise InvalidInput("The verification token is invalid or has expired")
    user.email_verified_at = timezone.now()
    user.save(update_fields=["email_verified_at"])
    record(AuditEvent.Kind.EMAIL_VERIFIED, audit=audit, actor=user)
    return user


def request_password_reset(email: str, *, audit: AuditContext) -> None:
    """Mail a reset token if the account exists; the answer is the same either way."""
    email = email.strip().lower()
    throttling.RESET_ADDRESS.hit(audit.address or "unknown")
    throttling.RESET_ACCOUNT.hit(email)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is not None:
        emails.send_password_reset(user)


def reset_password(*, audit: AuditContext, token: str, new_password: str) -> User:
    user = emails.user_for_token(emails.password_reset_tokens, token)
    if user is None:
        raise InvalidInput("The reset token is invalid, expired or already used")
    _set_password(user, new_password)
    record(AuditEvent.Kind.PASSWORD_RESET, audit=audit, actor=user)
    return user


def change_password(user: User, *, audit: AuditContext, current: str, new: str) -> None:
    if not user.check_password(current):
        raise InvalidInput("The current password is incorrect")
    _set_password(user, new)
    record(AuditEvent.Kind.PASSWORD_CHANGED, audit=audit, actor=user)


def _set_password(user: User, password: str) -> None:
    _validated_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoke_all(user)


def delete_account(user: User, *, audit: AuditContext, password: str) -> None:
    if not user.check_password(password):
        raise InvalidInput("The password is incorrect")
    if sole_owned := sole_owned_organizations(user):
        names = ", ".join(org.name for org in sole_owned)
        raise Conflict(f"Transfer ownership or delete these organizations first: {names}")
    record(AuditEvent.Kind.ACCOUNT_DELETED, audit=audit, email=user.email, user_id=user.pk)
    user.delete()
