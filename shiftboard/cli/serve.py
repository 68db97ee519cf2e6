"""`shiftboard serve`: the whole app for browsers (textual-serve, one app process per
signed-in agent), on localhost unless the team has accounts."""

from __future__ import annotations

import ipaddress

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.cli.output import echo
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t

LOCAL_NAMES = {"localhost"}


def is_local(host: str) -> bool:
    """Only this machine can reach `host` (127.0.0.0/8, ::1, localhost)."""
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def passed_on(merged: dict) -> tuple[str, ...]:
    """The global options every app process gets as well (the name comes from the session)."""
    words: list[str] = []
    for name in ("lang", "now", "playbook"):
        if merged.get(name):
            words += [f"--{name}", str(merged[name])]
    return tuple(words)


@main.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--session-hours", default=12.0, show_default=True, type=click.FloatRange(0.001, 24 * 30),
              help="How long a sign-in lasts.")
@click.option("--public-url", help="The address browsers use, behind a reverse proxy (https://…).")
@global_options
@click.pass_context
@handles_errors
def serve(ctx: click.Context, host: str, port: int, session_hours: float, public_url: str | None,
          **options) -> None:
    """Serve shiftboard to the team's browsers; each agent signs in with their account."""
    from shiftboard.clock import SystemClock
    from shiftboard.serve.server import ServeOptions, TeamServer

    merged = _merged(ctx, options)
    context = build_context(merged, as_account=False)
    if not is_local(host) and not context.store.accounts.exist():
        raise ShiftboardError("serve.needs_accounts", host=host)
    secure = bool(public_url and public_url.startswith("https:"))
    settings = ServeOptions(host=host, port=port, session_hours=session_hours, public_url=public_url,
                            secure_cookie=secure, app_options=passed_on(merged),
                            default_agent=context.settings.agent)
    if not context.store.accounts.exist():
        echo(t("serve.no_accounts", agent=context.settings.agent), err=True)
    # Sessions expire on the wall clock even when --now pins the app's clock for a rehearsal.
    TeamServer(context.store, SystemClock(context.settings.timezone), settings).serve()
