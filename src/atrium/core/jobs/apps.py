from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "atrium.core.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
