"""The beat schedule, in code so it is reviewed and versioned like everything else."""

from celery.schedules import crontab

from atrium.config import get_settings

BEAT_SCHEDULE = {
    # Change events the broker did not take at their commit (atrium.core.outbox).
    "drain-outbox": {
        "task": "atrium.core.outbox.tasks.drain",
        "schedule": get_settings().outbox_drain_interval_s,
        # A drain not run by the next one's time is not needed: the next one does it all.
        "options": {"expires": get_settings().outbox_drain_interval_s},
    },
    "prune-finished-jobs": {
        "task": "atrium.core.jobs.tasks.prune_finished_jobs",
        "schedule": crontab(hour="3", minute="17"),
    },
    # APOD publishes around midnight US Eastern; by 06:10 UTC the day's entry is out.
    "sync-apod-daily": {
        "task": "atrium.integrations.sync_apod",
        "schedule": crontab(hour="6", minute="10"),
    },
    # After the night's activity is in: PSI per feature and accuracy of each production model.
    "ml-monitoring-daily": {
        "task": "atrium.core.ml.tasks.monitor",
        "schedule": crontab(hour="4", minute="5"),
    },
    "sync-neo-feed-daily": {
        "task": "atrium.integrations.sync_neo_feed",
        "schedule": crontab(hour="6", minute="20"),
    },
}
