"""`shiftboard audit`: the trail of every change (who, role, when, from where, what)."""

from __future__ import annotations

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.cli.output import echo, echo_json
from shiftboard.i18n import t


@main.command(name="audit")
@click.option("--case", "record", help="Only changes to this case (or run, or account).")
@click.option("--since", help="From this day on (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def audit(ctx: click.Context, record: str | None, since: str | None, as_json: bool, **options) -> None:
    """Every change recorded, oldest first: who, role, when, from which session, what.

    `--agent NAME` given after `audit` shows only that agent's changes; given before it, it
    names who reads (a role roles.toml lets read the trail)."""
    from shiftboard.services.audit import entries

    # `--agent` after `audit` filters the trail; the reader is the one before it (or the
    # configured agent, or the login name): an account in a role that may read it (audit.read).
    reader = ctx.find_root().params.get("agent")
    context = build_context({**_merged(ctx, options), "agent": reader}, reads_only=True)
    found = entries(context.store, agent=options.get("agent"), record=record, since=since)
    if as_json:
        echo_json(found)
        return
    if not found:
        echo(t("audit.none"))
    from shiftboard.render import audit as said

    for entry in found:
        echo(t("audit.row", at=str(entry.get("at", ""))[:19].replace("T", " "), who=said.who(entry),
               session=entry.get("session") or "-", record=said.record(entry), changes=said.changes(entry)))
