"""Single-use, expiring tokens mailed to the account's address: verification and reset.

Both are Django token generators: the token is an HMAC over the account's state, so it
needs no table, expires after ``EMAIL_TOKEN_TTL_S`` and stops working once used (the
password hash, or the verification time, that it covers has changed).
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from atrium.config import get_settings
from atrium.core.accounts.models import User
from atrium.core.accounts.schemas import MAX_ID


class _ExpiringGenerator(PasswordResetTokenGenerator):
    def check_token(self, user: User | None, token: str | None) -> bool:
        # The ttl is a setting of ours rather than Django's PASSWORD_RESET_TIMEOUT.
        if not super().check_token(user, token) or token is None:
            return False
        timestamp = self._num_seconds(self._now()) - int(token.split("-")[0], 36)
        return timestamp <= get_settings().email_token_ttl_s


class PasswordResetTokens(_ExpiringGenerator):
    key_salt = "atrium.accounts.password-reset"


class EmailVerificationTokens(_ExpiringGenerator):
    key_salt = "atrium.accounts.email-verification"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        verified = user.email_verified_at.isoformat() if user.email_verified_at else ""
        return f"{user.pk}{user.email}{verified}{timestamp}"


password_reset_tokens = PasswordResetTokens()
email_verification_tokens = EmailVerificationTokens()


def make_token(generator: PasswordResetTokenGenerator, user: User) -> str:
    """``<uid>.<token>``: one string to paste into a request body."""
    return f"{urlsafe_base64_encode(force_bytes(user.pk))}.{generator.make_token(user)}"


def user_for_token(generator: PasswordResetTokenGenerator, value: str) -> User | None:
    uid, _, token = value.partition(".")
    try:
        pk = int(force_str(urlsafe_base64_decode(uid)))
        if not 0 < pk <= MAX_ID:
            return None
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if generator.check_token(user, token) else None


def send_verification(user: User) -> None:
    token = make_token(email_verification_tokens, user)
    send_mail(
        "Verify your Atrium email address",
        "Confirm this address by sending this token to POST /api/v1/auth/verify-email:\n\n"
        f"{token}\n\nIt expires in {_hours()} hours.",
        None,
        [user.email],
    )


def send_already_registered(user: User) -> None:
    """Registration with an address that has an account answers as for a new one (so it
    tells no one which addresses are registered); the owner learns of it here."""
    send_mail(
        "Someone tried to register with your Atrium address",
        "An account was requested for this address, which already has one. If that was "
        "you, log in instead, or reset your password with POST /api/v1/auth/password-reset. "
        "If it was not, ignore this: nothing changed.",
        None,
        [user.email],
    )


def send_password_reset(user: User) -> None:
    token = make_token(password_reset_tokens, user)
    send_mail(
        "Reset your Atrium password",
        "To choose a new password, send this token with it to "
        f"POST /api/v1/auth/password-reset/confirm:\n\n{token}\n\n"
        f"It expires in {_hours()} hours and works once. If you did not ask, ignore this.",
        None,
        [user.email],
    )


def send_invitation(email: str, organization: str, inviter: str, token: str) -> None:
    send_mail(
        f"You are invited to {organization} on Atrium",
        f"{inviter} invited you to join {organization}. Sign in with this address, verify it, "
        f"and send this token to POST /api/v1/organizations/invitations/accept:\n\n{token}\n",
        None,
        [email],
    )


def _hours() -> int:
    return get_settings().email_token_ttl_s // 3600
