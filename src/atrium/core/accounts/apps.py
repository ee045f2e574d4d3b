from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "atrium.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.core import checks

        from atrium.core.accounts.keys import check_signing_keys

        checks.register(check_signing_keys, checks.Tags.security)
