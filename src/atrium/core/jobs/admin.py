from django.contrib import admin

from atrium.core.jobs.models import Job
from atrium.core.jobs.services import describe_job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("name", "state", "started_by", "created_at")
    list_filter = ("name",)
    search_fields = ("id", "name")
    readonly_fields = ("id", "name", "arguments", "started_by", "created_at", "state")
    date_hierarchy = "created_at"

    @admin.display(description="state")
    def state(self, job: Job) -> str:
        return describe_job(job).state.value
