from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from atrium.core.accounts.managers import UserManager


class User(AbstractBaseUser, PermissionsMixin):
    """A person. The email is the login: unique regardless of case."""

    email = models.EmailField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = UserManager.normalize_email(self.email).lower()


class RefreshToken(models.Model):
    """One refresh token, stored as its SHA-256. Rotation spends it and issues the next
    token of the same family; presenting a spent token revokes the whole family."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="refresh_tokens")
    family = models.UUIDField(db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    organization_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    spent_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"refresh token of {self.user_id} ({self.family})"


class AuditEvent(models.Model):
    """A security event: who, what, when, from where. Written, never edited."""

    class Kind(models.TextChoices):
        REGISTERED = "registered"
        LOGIN = "login"
        LOGIN_FAILED = "login_failed"
        LOCKOUT = "lockout"
        EMAIL_VERIFIED = "email_verified"
        PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event name)
        PASSWORD_RESET = "password_reset"  # noqa: S105 (an event name)
        ACCOUNT_DELETED = "account_deleted"
        REFRESH_REUSED = "refresh_reused"
        LOGOUT = "logout"
        ORG_CREATED = "org_created"
        ORG_RENAMED = "org_renamed"
        ORG_DELETED = "org_deleted"
        MEMBER_INVITED = "member_invited"
        MEMBER_JOINED = "member_joined"
        MEMBER_REMOVED = "member_removed"
        ROLE_CHANGED = "role_changed"
        KEY_CREATED = "key_created"
        KEY_REVOKED = "key_revoked"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    actor_email = models.EmailField(blank=True)
    organization_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=256, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ("-at",)

    def __str__(self) -> str:
        return f"{self.kind} by {self.actor_email or 'anonymous'} at {self.at:%Y-%m-%d %H:%M:%S}"
