from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    default = True
    name = "atrium.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.core import checks

        from atrium.core.accounts import revocation
        from atrium.core.accounts.keys import check_signing_keys

        checks.register(check_signing_keys, checks.Tags.security)
        revocation.connect()


class AtriumAdminConfig(admin_apps.AdminConfig):
    """Django's admin on :class:`~atrium.core.accounts.admin_site.AtriumAdminSite`."""

    default = False  # named in INSTALLED_APPS; this module's default is AccountsConfig
    default_site = "atrium.core.accounts.admin_site.AtriumAdminSite"
