from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "atrium.core.orgs"
    label = "orgs"
    verbose_name = "Organizations"
