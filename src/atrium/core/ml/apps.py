from django.apps import AppConfig


class MlConfig(AppConfig):
    name = "atrium.core.ml"
    label = "ml"
    verbose_name = "Machine learning"
