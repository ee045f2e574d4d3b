from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "atrium.core.accounts"
    label = "accounts"
    verbose_name = "Accounts"
