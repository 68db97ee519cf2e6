"""The shift's commands for scripts: status, tick, untick, skip, note."""

from __future__ import annotations


import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main, shift_service
from shiftboard.i18n import t
from shiftboard.cli.output import echo, echo_json


def _run_options(command):
    command = click.option("--shift", "shift_id", help="Shift id from the playbook (default: the current).")(command)
    return click.option("--date", help="Run date, YYYY-MM-DD (default: the current shift's).")(command)


@main.command()
@_run_options
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts (see README).")
@global_options
@click.pass_context
@handles_errors
def status(ctx: click.Context, date: str | None, shift_id: str | None, as_json: bool, **options) -> None:
    """Show the shift: blocks, their states and progress, the current block's items."""
    from shiftboard.render.status import status_json, status_lines

    context = build_context(_merged(ctx, options), reads_only=True)
    service = shift_service(context)
    view = service.view(*service.locate(date, shift_id))
    if as_json:
        echo_json(status_json(view, context.settings.agent))
    else:
        echo("\n".join(status_lines(view, context.settings.agent)))


def _item_command(name: str, help_text: str, with_reason: bool = False):
    """tick / untick / skip share their shape: ITEM, run options, global options."""

    def command(ctx: click.Context, item: str, date: str | None, shift_id: str | None,
                reason: str | None = None, **options) -> None:
        context = build_context(_merged(ctx, options))
        service = shift_service(context)
        day, shift = service.locate(date, shift_id)
        if name == "skip":
            change = service.skip(day, shift, item, reason)
        else:
            change = getattr(service, name)(day, shift, item)
        echo(t(f"cli.done_{name}", item=change.key, run=f"{day.to_date_string()}/{shift.id}"))

    command.__name__ = name
    command.__doc__ = help_text
    decorated = handles_errors(command)
    decorated = click.pass_context(decorated)
    decorated = global_options(decorated)
    if with_reason:
        decorated = click.option("--reason", help="Why it is skipped (required where the playbook says so).")(decorated)
    decorated = _run_options(decorated)
    decorated = click.argument("item")(decorated)
    return main.command(name=name)(decorated)


_item_command("tick", "Mark ITEM done (a recurring item: its occurrence due now).")
_item_command("untick", "Reopen ITEM.")
_item_command("skip", "Skip ITEM, with a reason.", with_reason=True)


@main.command()
@click.argument("item")
@click.argument("text")
@_run_options
@global_options
@click.pass_context
@handles_errors
def note(ctx: click.Context, item: str, text: str, date: str | None, shift_id: str | None, **options) -> None:
    """Add a note to ITEM."""
    context = build_context(_merged(ctx, options))
    service = shift_service(context)
    day, shift = service.locate(date, shift_id)
    service.note(day, shift, item, text)
    echo(t("cli.noted", item=item))
