"""`shiftboard report day|week|month|year` and `shiftboard kpi`: the lead's figures from a shell.

    shiftboard report week --date 2026-11-23 --store 旗舰店 --format md -o week.md
    shiftboard report month --json

The figures hold no buyer's personal data (counts, stores, agents, order numbers of
incomplete records), so there is nothing to mask in them.
"""

from __future__ import annotations

from pathlib import Path

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main, shift_service
from shiftboard.cli.output import echo
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t

FORMATS = ["table", "md", "csv", "xlsx", "json"]


def report_service(context):
    from shiftboard.services.reports import ReportService

    return ReportService(context.store, context.clock, context.settings.agent, shift_service(context).playbook)


def _write(context, output: Path | None, data: str | bytes) -> None:
    if output is None:
        echo(data, nl=False)
        return
    try:
        if isinstance(data, bytes):
            context.store.write_bytes(output, data)
        else:
            context.store.write_bytes(output, data.encode("utf-8"))
    except OSError as error:
        raise ShiftboardError("report.unwritable", file=str(output), detail=str(error)) from None
    echo(t("report.written", file=str(output)))


def render(report, fmt: str) -> str | bytes:
    from shiftboard.render import report as text

    if fmt == "json":
        from shiftboard.sanitize import json_text

        return json_text(text.as_json(report), indent=2) + "\n"
    if fmt == "md":
        return text.markdown(report)
    if fmt == "csv":
        return text.csv_text(report)
    if fmt == "xlsx":
        from shiftboard.render.xlsx import workbook

        return workbook(report)
    return text.text(report)


@main.command()
@click.argument("kind", type=click.Choice(["day", "week", "month", "year"]))
@click.option("--date", "day", help="A day in the period (YYYY-MM-DD; default today).")
@click.option("--store", "store_name", help="Only this store.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts (= --format json; see README).")
@click.option("--incomplete", is_flag=True, help="Add the period's incomplete records and what each lacks.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of the terminal.")
@global_options
@click.pass_context
@handles_errors
def report(ctx: click.Context, kind: str, day: str | None, store_name: str | None, fmt: str, as_json: bool,
           incomplete: bool, output: Path | None, **options) -> None:
    """Cases, refunds, complaints and their clocks, reviews, returns, checklists, handovers and
    record completeness over a day, week, month or year. `--agent A` narrows it to A's figures
    (a report writes nothing, so the name is only a filter here)."""
    from shiftboard.domain.reports.period import parse_day
    from shiftboard.domain.reports.report import Wanted

    if fmt == "xlsx" and output is None:
        raise ShiftboardError("report.xlsx_needs_file")
    merged = _merged(ctx, options)
    context = build_context(merged, reads_only=True)
    service = report_service(context)
    period = service.period(kind, parse_day(day) if day else None)
    wanted = Wanted(store_name, merged.get("agent"))
    built = service.report(period, wanted)
    if incomplete:
        from shiftboard.services.reports import incomplete_table

        built.tables.append(incomplete_table(service.incomplete(period, wanted)))
    _write(context, output, render(built, "json" if as_json else fmt))


@main.group(invoke_without_command=True)
@click.option("--month", help="YYYY-MM (default: this month).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of the terminal.")
@global_options
@click.pass_context
@handles_errors
def kpi(ctx: click.Context, month: str | None, fmt: str, output: Path | None, **options) -> None:
    """The month's KPI sheet: one line per agent (score, 70% line, bonus, pay) and each
    agent's breakdown with its sources. `kpi set` enters a part a lead judges."""
    if ctx.invoked_subcommand is not None:
        return
    if fmt == "xlsx" and output is None:
        raise ShiftboardError("report.xlsx_needs_file")
    from shiftboard.services.kpi import KpiService

    context = build_context(_merged(ctx, options), reads_only=True)
    service = KpiService(report_service(context))
    _write(context, output, render(service.report(month or context.clock.now().strftime("%Y-%m")), fmt))


@kpi.command(name="set")
@click.argument("agent_name", metavar="AGENT")
@click.argument("month")
@click.argument("field")
@click.argument("value")
@global_options
@click.pass_context
@handles_errors
def kpi_set(ctx: click.Context, agent_name: str, month: str, field: str, value: str, **options) -> None:
    """Enter a part of AGENT's sheet for MONTH: service/handling/cooperation/execution = 优|良|中|差,
    late/leave/absence/orders = a count, outstanding = 0–5, role = agent|senior|lead."""
    from shiftboard.services.kpi import KpiService

    context = build_context(_merged(ctx, options))
    record = KpiService(report_service(context)).enter(agent_name, month, field, value)
    entry = record["entries"][-1]
    echo(t("kpi.entered", agent=agent_name, month=month, field=field, value=entry["value"], by=entry["by"]))
