"""Quitting the app without losing what was typed: ctrl+q waits until the keys typed before
it have been handled, and asks while a dialog or form holds text not saved yet. Imported
when the agent quits, not at start-up (the first screen's instructions are at their limit)."""

from __future__ import annotations

import asyncio

from shiftboard.i18n import t


async def quit_when_settled(app) -> None:
    """Run as a worker: the app itself must go on handling messages meanwhile (an Enter comes
    back to it from the field to find its binding)."""
    await settle(app)
    app.call_next(quit_asking, app)  # after the answers the screens just handed to the app


async def settle(app, rounds: int = 4, timeout: float = 2.0) -> None:
    """Let the app and every screen and widget handle the keys and messages already queued
    for them: the note answered by an Enter typed just before ctrl+q was never written (found
    by hand; ctrl+q is a priority key, handled ahead of them). Each round lets a message go
    one hop further (the key to the field, its Submitted to the dialog, the dialog's answer
    to the app as a callback queued for it, which runs before `quit_asking`, queued after)."""
    loop = asyncio.get_running_loop()
    for _ in range(rounds):
        handled = []
        for pump in (app, *(node for screen in app.screen_stack for node in screen.walk_children(with_self=True))):
            done = loop.create_future()
            if pump.call_later(done.set_result, None):
                handled.append(done)
        if handled:
            await asyncio.wait(handled, timeout=timeout)


def quit_asking(app) -> None:
    """Quit, but ask first while a dialog or form holds typed text not saved yet (a second
    ctrl+q while asked quits); that text is written as a draft before leaving."""
    from shiftboard.tui.handover.parts import Confirm

    typed = [s for s in app.screen_stack if getattr(s, "unsaved", None) and s.unsaved()]
    if not typed or isinstance(app.screen, Confirm):
        for screen in typed:
            screen.write_draft(now=True)
        app.exit()
        return

    def answered(yes: bool | None) -> None:
        if yes:
            for screen in typed:
                screen.write_draft(now=True)  # the writer thread stops with the app
            app.exit()

    app.push_screen(Confirm(t("draft.quit_question"), t("draft.quit_yes")), answered)
