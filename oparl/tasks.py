"""Tasks of the OParl app: an import from another system, run by a worker, with its progress.

While it runs, the task's state is `PROGRESS` with `{"list", "done", "total"}` as its
info (read through the result backend, as `import_oparl --queue` does); its result is
`{"reports": [Report.summary() per Body]}`, or `{"error": message}`.
"""

from celery import shared_task

from oparl.fetching import FetchError
from oparl.importer import ImportRefused, import_bodies

# Progress goes to the result backend at most this often per list (and at each list's end).
PROGRESS_EVERY = 25


@shared_task(bind=True, ignore_result=False)
def import_oparl(self, url, slug=None, body=None):
    def report(name, done, total):
        if done == 1 or done % PROGRESS_EVERY == 0 or done == total:
            self.update_state(state="PROGRESS", meta={"list": name, "done": done, "total": total})

    try:
        return {"reports": [found.summary() for found in import_bodies(url, body=body, slug=slug, report=report)]}
    except (FetchError, ImportRefused) as problem:
        # A plain message the command can show; the exception class need not travel to whoever asks.
        return {"error": str(problem)}
