from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "atrium.core.learning"
    label = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        from atrium.core.learning import signals  # noqa: F401 (connects the receivers)
