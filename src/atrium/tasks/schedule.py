"""The beat schedule, in code so it is reviewed and versioned like everything else."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    "prune-finished-jobs": {
        "task": "atrium.core.jobs.tasks.prune_finished_jobs",
        "schedule": crontab(hour="3", minute="17"),
    },
}
