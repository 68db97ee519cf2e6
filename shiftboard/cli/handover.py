"""`shiftboard handover show|export|list`: read, paste and browse handovers from a shell."""

from __future__ import annotations

from pathlib import Path

import click

from shiftboard.cli.main import Context, _merged, build_context, global_options, handles_errors, main, shift_service
from shiftboard.domain.handover import model as ho
from shiftboard.errors import ShiftboardError
from shiftboard.render.fmt import pad
from shiftboard.i18n import t
from shiftboard.cli.output import echo

FORMATS = click.Choice(["md", "txt", "json"])


@main.group()
def handover() -> None:
    """Handover between shifts: show, export, list; note, action add, sign, ack (also in the dashboard, h)."""


def _service(context: Context):
    from shiftboard.services.handover import HandoverService

    return HandoverService(context.store, shift_service(context), context.clock, context.settings.agent)


def _chosen(service, date: str | None, shift_id: str | None) -> list[dict]:
    """The handovers of the run named, else those of the run handed over most recently."""
    if date is None and shift_id is None:
        signed = [r for r in service.all() if r.get("signed")]
        if not signed:
            raise ShiftboardError("handover.none_signed")
        return [r for r in signed if r["run"] == signed[0]["run"]]
    day, shift = service.shifts.locate(date, shift_id)
    found = service.for_run(day, shift)
    if not found:
        raise ShiftboardError("handover.none_for_run", run=f"{day.to_date_string()}/{shift.id}")
    return found


def _rendered(ctx: click.Context, options: dict, date, shift_id, fmt: str, unmask: bool,
              folded: bool) -> tuple[Context, str]:
    from shiftboard.domain.handover.render import render

    context = build_context(_merged(ctx, options), reads_only=True)
    service = _service(context)
    records = _chosen(service, date, shift_id)
    if unmask:  # showing buyers' data in full is recorded first
        records = service.unmasked(records, fmt)
    parts = [render(r, fmt, t, unmask, folded) for r in records]
    if fmt == "json":
        return context, "[\n" + ",\n".join(p.rstrip("\n") for p in parts) + "\n]\n"
    return context, "\n---\n\n".join(parts)


def _export_options(default: str):
    def decorate(command):
        command = click.option("--folded", is_flag=True,
                               help="The item and case lists as their counts only.")(command)
        command = click.option("--unmask", is_flag=True,
                               help="Include buyers' phone numbers and addresses (recorded in the handover).")(command)
        command = click.option("--format", "fmt", type=FORMATS, default=default, show_default=True)(command)
        command = click.option("--shift", "shift_id", help="Shift handed over (default: the latest handover).")(command)
        return click.option("--date", help="Date of the run handed over, YYYY-MM-DD.")(command)

    return decorate


@handover.command()
@_export_options("txt")
@global_options
@click.pass_context
@handles_errors
def show(ctx, date, shift_id, fmt, unmask, folded, **options) -> None:
    """Show the handover(s) of a run: every outgoing agent's entry."""
    _, text = _rendered(ctx, options, date, shift_id, fmt, unmask, folded)
    echo(text, nl=False)


@handover.command()
@_export_options("md")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to this file (default: standard output).")
@global_options
@click.pass_context
@handles_errors
def export(ctx, date, shift_id, fmt, unmask, folded, output, **options) -> None:
    """Export the handover(s) of a run: Markdown fit to paste into the team chat."""
    context, text = _rendered(ctx, options, date, shift_id, fmt, unmask, folded)
    if output is None:
        echo(text, nl=False)
        return
    try:
        context.store.write_text(output, text)
    except OSError as error:
        raise ShiftboardError("handover.unwritable", file=str(output), detail=str(error)) from None
    echo(t("handover.exported", file=str(output)))


@handover.command(name="list")
@click.option("--date", help="Only this date, YYYY-MM-DD.")
@click.option("--shift", "shift_id", help="Only this shift id.")
@click.option("--search", "text", default="", help="Only handovers whose words contain this.")
@global_options
@click.pass_context
@handles_errors
def list_handovers(ctx, date, shift_id, text, **options) -> None:
    """Past handovers, newest first, by date and shift, or by the words in them."""
    context = build_context(_merged(ctx, options), reads_only=True)
    found = _service(context).search(text, date, shift_id)
    for record in found:
        echo(_row(record))
    echo(t("handover.listed", count=len(found)))


def _row(record: dict) -> str:
    """`2026-11-23  day      Li         watch   signed 19:20   acknowledged by: Wang`"""
    signed = record.get("signed")
    state = t("handover.row_signed", at=signed["at"][11:16]) if signed else t("handover.row_draft")
    acks = ", ".join(a["by"] for a in record.get("acks", ())) or "-"
    cells = [(record["shift"], 8), (record["from"], 10), (t("handover.status." + record["notes"]["status"]), 7),
             (state, 14)]
    return f"{record['date']}  " + " ".join(pad(text, width) for text, width in cells) + " " + \
        t("handover.row_acks", acks=acks)


# -- writing from a shell: note, action, sign, acknowledge -------------------------------


def _run_options(command):
    command = click.option("--shift", "shift_id", help="Shift handed over (default: the one under way).")(command)
    command = click.option("--json", "as_json", is_flag=True, help="Print the handover as JSON (masked).")(command)
    return click.option("--date", help="Date of the run handed over, YYYY-MM-DD (default: today's run).")(command)


def _write(ctx: click.Context, options: dict, as_json: bool, change, said) -> None:
    """Open the service, make the change, then print one line (or the record as JSON)."""
    from shiftboard.domain.handover.render import render_json

    context = build_context(_merged(ctx, options))
    record = change(_service(context))
    echo(render_json(record).rstrip("\n") if as_json else said(record))


@handover.command()
@click.argument("text")
@_run_options
@global_options
@click.pass_context
@handles_errors
def note(ctx, text, date, shift_id, as_json, **options) -> None:
    """Add a line to your handover's summary of the run."""
    def change(service):
        return service.write_note(*service.shifts.locate(date, shift_id), text)

    _write(ctx, options, as_json, change, lambda r: t("handover.noted", agent=r["from"], run=r["run"]))


@handover.group()
def action() -> None:
    """Actions of your handover: each with an owner and a deadline (a clock for the next shift)."""


@action.command(name="add")
@click.argument("text")
@click.option("--owner", default="", help="Who does it.")
@click.option("--due", help="Deadline: HH:MM (the next such time), MM-DD HH:MM or YYYY-MM-DD HH:MM.")
@_run_options
@global_options
@click.pass_context
@handles_errors
def action_add(ctx, text, owner, due, date, shift_id, as_json, **options) -> None:
    """Add an action to your handover of the run."""
    def change(service):
        return service.add_action(*service.shifts.locate(date, shift_id), text, owner, due)

    _write(ctx, options, as_json, change,
           lambda r: t("handover.action_added", agent=r["from"], run=r["run"], text=text.strip()))


@handover.command()
@_run_options
@global_options
@click.pass_context
@handles_errors
def sign(ctx, date, shift_id, as_json, **options) -> None:
    """Sign your handover of the run: it is locked, its open items carried to the next run."""
    def change(service):
        return service.sign_run(*service.shifts.locate(date, shift_id))

    def said(record: dict) -> str:
        count = len(record["content"]["items"]) + len(record["notes"]["actions"])
        return t("handover.signed_ok", agent=record["from"], run=record["run"], count=count, to=record["to"]["run"])

    _write(ctx, options, as_json, change, said)


@handover.command()
@click.option("--read-back", "read_back", default="", help="What you take over, in your own words (required unless you posted one).")
@click.option("--id", "handover_id", help="The handover to acknowledge (default: the first one waiting for you).")
@click.option("--json", "as_json", is_flag=True, help="Print the handover as JSON (masked).")
@global_options
@click.pass_context
@handles_errors
def ack(ctx, read_back, handover_id, as_json, **options) -> None:
    """Acknowledge a handover waiting for you, with your read-back."""
    def change(service):
        waiting = [r["id"] for r in service.waiting()]
        if handover_id is None and not waiting:
            early = service.upcoming()
            if early:  # in before the shift: say when it opens, and how to take it now
                raise ShiftboardError("handover.not_yet", agent=service.agent, by=early[0]["from"],
                                      run=early[0]["run"], at=ho.opens_at(early[0]).strftime("%H:%M"),
                                      id=early[0]["id"])
            raise ShiftboardError("handover.none_waiting", agent=service.agent)
        return service.acknowledge(handover_id or waiting[0], read_back)

    _write(ctx, options, as_json, change,
           lambda r: t("handover.acked_ok", agent=r["from"], run=r["run"], by=r["acks"][-1]["by"]))
