"""Django's email settings from one ``EMAIL_URL``.

``smtp://user:password@host:587`` (plain), ``smtp+tls://...`` (STARTTLS),
``smtps://...`` (implicit TLS), ``console://``, ``file:///path/to/dir``, ``locmem://``.
Without one, dev prints emails to the console and production sends through SMTP on
localhost:25.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}


@dataclass(frozen=True)
class EmailConfig:
    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    file_path: str | None = None


def email_config(url: str | None, *, prod: bool) -> EmailConfig:
    if url is None:
        return EmailConfig(BACKENDS["smtp" if prod else "console"])
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("console", "locmem"):
        return EmailConfig(BACKENDS[scheme])
    if scheme == "file":
        return EmailConfig(BACKENDS["file"], file_path=unquote(parts.path))
    if scheme not in ("smtp", "smtp+tls", "smtps", "smtp+ssl"):
        raise ValueError(
            f"EMAIL_URL scheme {scheme!r} is not one of smtp, smtp+tls, smtps, "
            "console, file, locmem"
        )
    ssl = scheme in ("smtps", "smtp+ssl")
    return EmailConfig(
        BACKENDS["smtp"],
        host=parts.hostname or "localhost",
        port=parts.port or (465 if ssl else 587 if scheme == "smtp+tls" else 25),
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=scheme == "smtp+tls",
        use_ssl=ssl,
    )
