"""Background import of a large file (more than `services.BACKGROUND_ROWS` rows).

Tasks receive primitive arguments only: the job's id and the id of the person who started it.
"""

import logging

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from pozytek.organisations.models import ImportJob
from pozytek.organisations.states import ImportState

logger = logging.getLogger(__name__)


@task()
def run_import(*, job_pk: int, actor_pk: int | None = None) -> str:
    """Check and write a queued import under its tenant's scope; returns the final state."""
    from pozytek.organisations.imports.services import execute_import, fail_import  # noqa: PLC0415 -- circular

    with scopes_disabled():  # a task, outside any request: the job (by the id queued) gives the tenant
        job = ImportJob.objects.select_related("tenant", "created_by").filter(pk=job_pk).first()
    if job is None:
        logger.warning("Import %s no longer exists.", job_pk)
        return "missing"
    actor = get_user_model().objects.filter(pk=actor_pk).first() if actor_pk else None
    actor = actor or job.created_by
    with scope(tenant=job.tenant):
        if job.state != ImportState.QUEUED:
            logger.warning("Import %s is %s, not queued: not started again.", job_pk, job.state)
            return str(job.state)
        try:
            job = execute_import(job=job, actor=actor)
        except Exception:
            logger.exception("Import %s failed in the task worker", job_pk)
            job.refresh_from_db()
            if job.state in (ImportState.QUEUED, ImportState.RUNNING):
                fail_import(
                    job=job,
                    actor=actor,
                    message=_(
                        "The import stopped because of an error in the platform. Nothing has been imported. Try "
                        "again later or tell the platform administrator."
                    ),
                )
            raise
    return str(job.state)
