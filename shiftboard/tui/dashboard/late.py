"""History stays honest: a change to a run of an earlier date asks first (once per run and
session) and is marked "edited later" in the run and in its handovers."""

from __future__ import annotations

from shiftboard.domain.shift.run import locate_run
from shiftboard.i18n import t


def submit_change(screen, job) -> None:
    """Queue `job` (a change to the run `screen` shows) for the app's writer, undoable."""
    app = screen.app
    if screen.date >= locate_run(app.service.playbook, app.clock.now())[0]:
        app.submit(job, done=app.remember)
        return
    rid, date, shift = screen.view.run_id, screen.date, screen.shift

    def marked():
        change = job()
        app.handovers().edited_later(date, shift, change.key)
        return change

    if rid in screen.late_runs:
        app.submit(marked, done=app.remember)
        return
    from shiftboard.tui.handover.parts import Confirm

    def answered(yes: bool | None) -> None:
        if yes:
            screen.late_runs.add(rid)
            app.submit(marked, done=app.remember)

    app.push_screen(Confirm(t("carry.late_question", run=f"{shift.title} {date.to_date_string()}"),
                            t("carry.late_yes")), answered)
