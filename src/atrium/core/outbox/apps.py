from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "atrium.core.outbox"
    label = "outbox"
    verbose_name = "Outbox of messages for the broker"
