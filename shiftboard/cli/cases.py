"""`shiftboard cases list|show|add|move|note|register|due|reindex` and
`shiftboard rules postage|cancel`, for scripts and for a quick look from a shell.

Buyers' phone numbers and addresses are masked unless `--unmask` is given; unmasking is
recorded in each case's timeline. Bad input exits 2 with a message per field.
"""

from __future__ import annotations


import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.cli.output import echo, echo_json

KINDS = ["after_sales", "return", "review", "complaint", "logistics", "stock_notice"]


@main.group()
def rules() -> None:
    """Who pays the return postage; what cancelling an order costs (from rules.toml)."""


@rules.command()
@click.option("--store", "store_type", required=True, type=click.Choice(["c_store", "tmall"]),
              help="c_store (C店/MT) or tmall (天猫商城).")
@click.option("--situation", required=True,
              type=click.Choice(["dislike", "free_shipping", "quality", "after_close"]))
@global_options
@click.pass_context
@handles_errors
def postage(ctx: click.Context, store_type: str, situation: str, **options) -> None:
    """Who pays the return postage, for an exchange and for a refund."""
    from shiftboard.domain.cases.rules import who_pays
    from shiftboard.services.case_files import load_rules

    context = build_context(_merged(ctx, options), reads_only=True)
    table = load_rules(context.store)
    for outcome in ("exchange", "refund"):
        payer = who_pays(table, store_type, situation, outcome)
        echo(t(f"rules.outcome.{outcome}") + ": "
                   + t(f"rules.payer.{payer}", **table.payer_params()))


@rules.command()
@click.option("--ordered", required=True, help='When the order was placed ("2026-11-21 10:00").')
@click.option("--price", required=True, help="The order's price, e.g. 199.00.")
@click.option("--kind", "item_kind", default="normal", type=click.Choice(["normal", "custom", "clearance"]))
@click.option("--delivery", default="pending", type=click.Choice(["pending", "self_pickup", "delivered"]),
              help="Not yet received (default), picked up in the shop, or delivered.")
@click.option("--received", help="When the goods were picked up or delivered.")
@global_options
@click.pass_context
@handles_errors
def cancel(ctx: click.Context, ordered: str, price: str, item_kind: str, delivery: str, received: str | None,
           **options) -> None:
    """What cancelling the order costs now (free within 48 h, then at least 10%; received
    goods within 7 days, on conditions)."""
    from shiftboard.clock import parse_now
    from shiftboard.domain.cases.form import amount_of
    from shiftboard.domain.cases.rules import cancel_cost
    from shiftboard.services.case_files import load_rules

    context = build_context(_merged(ctx, options), reads_only=True)
    amount = amount_of(price)
    if amount is None:
        raise ShiftboardError("rules.bad_price", value=price)
    placed = parse_now(ordered, context.settings.timezone).now()
    got = parse_now(received, context.settings.timezone).now() if received else None
    table = load_rules(context.store)
    answer = cancel_cost(table, placed, context.clock.now(), amount, item_kind, delivery, got)
    until = answer.until.strftime("%Y-%m-%d %H:%M") if answer.until else ""
    echo(t(answer.reason, fee=answer.fee, hours=table.cancel.free_hours, days=table.cancel.return_days,
                 until=until))
    for condition in answer.conditions:
        echo(f"  - {t(condition)}")


@main.group()
def cases() -> None:
    """The case desk from a shell: list, show, add and move cases."""


def _desk(ctx: click.Context, options: dict, reads_only: bool = False):
    from shiftboard.services.cases import CaseService

    context = build_context(_merged(ctx, options), reads_only=reads_only)
    return context, CaseService(context.store, context.clock, context.settings.agent, role=context.settings.role)


def _shown(desk, case: dict, unmask: bool) -> dict:
    """The case as it may be shown: masked, or revealed with the reveal recorded."""
    from shiftboard.domain.privacy import PERSONAL, masked

    if not unmask:
        return masked(case)
    for name in PERSONAL:
        if case.get(name):
            desk.reveal(case["id"], name)
    return case


@cases.command(name="list")
@click.option("--kind", type=click.Choice(KINDS))
@click.option("--status")
@click.option("--store", "store_name")
@click.option("--handler")
@click.option("--due-within", type=click.IntRange(min=0, max=366 * 24 * 60), metavar="MINUTES",
              help="Only cases with a clock running out within MINUTES (60: the next hour).")
@click.option("--breached", is_flag=True, help="Only cases with a breached clock.")
@click.option("--page", type=click.IntRange(min=1), default=1, help="Page number (50 cases a page).")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def list_cases(ctx, kind, status, store_name, handler, due_within, breached, page, as_json, **options) -> None:
    """The open queue, the case whose clock runs out first on top; one page at a time."""
    from shiftboard.render.case import queue_lines, view_json
    from shiftboard.domain.cases.desk import QueueFilter
    from shiftboard.domain.privacy import masked

    context, desk = _desk(ctx, options, reads_only=True)
    _check_status(kind, status)
    wanted = QueueFilter(kind, status, store_name, handler, due_within, breached)
    found = desk.queue(wanted, page - 1)
    if page > found.pages:
        raise ShiftboardError("case.bad_page", page=page, pages=found.pages)
    shown = [masked(view.case) for view in found.rows]
    if as_json:
        echo_json({"page": found.page + 1, "pages": found.pages, "total": found.total,
                    "cases": [view_json(view, case) for view, case in zip(found.rows, shown)]})
        return
    echo("\n".join(queue_lines(found, shown, context.clock.now())))


def _check_status(kind: str | None, status: str | None) -> None:
    """An unknown --status is an error (it would only ever list nothing)."""
    from shiftboard.domain.cases.flows import open_statuses
    from shiftboard.domain.cases.model import CaseKind
    from shiftboard.render.fmt import word

    kinds = [CaseKind(kind)] if kind else list(CaseKind)
    known = list(dict.fromkeys(s for k in kinds for s in open_statuses(k)))
    if status is not None and status not in known:
        raise ShiftboardError("case.bad_status", value=status,
                              allowed=", ".join(f"{s} ({word('status', s)})" for s in known))


@cases.command()
@click.argument("query")
@click.option("--unmask", is_flag=True, help="Show buyers' phone numbers and addresses in full (recorded).")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def show(ctx, query, unmask, as_json, **options) -> None:
    """Show a case by id; anything else is searched as an order no., after-sales no.,
    tracking no. or buyer, across all history (failing that, as part of one)."""
    from shiftboard.render.case import detail_json, detail_lines, row_lines

    context, desk = _desk(ctx, options, reads_only=True)
    try:
        detail = desk.detail(query)
    except ShiftboardError as error:
        if error.key != "case.unknown":
            raise
        rows = desk.search(query) or desk.search(query, partial=True)  # else the last digits, part of a name
        if not rows:
            raise ShiftboardError("case.not_found", query=query) from None
        if as_json:
            echo_json(rows)
            return
        if len(rows) > 1:
            echo("\n".join(row_lines(rows)))
            return
        detail = desk.detail(rows[0]["id"])
    case = _shown(desk, detail.view.case, unmask)
    if as_json:
        echo_json(detail_json(detail, case))
    else:
        echo("\n".join(detail_lines(detail, case, context.clock.now(), _rule_titles(context, case))))


def _rule_titles(context, case: dict) -> dict[str, str] | None:
    """The forbidden-phrase rules' titles, read only for a case with a flagged reply note."""
    from shiftboard.render.case import flagged_notes
    from shiftboard.services.replies import ReplyService

    return ReplyService(context.store, context.settings, context.clock).rule_titles() if flagged_notes(case) else None


def _fields(pairs: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        if "=" not in pair:
            raise ShiftboardError("case.bad_pair", pair=pair)
        name, value = pair.split("=", 1)
        values[name.strip()] = value
    return values


def _input_failed(error) -> None:
    """Each bad field on its own line, then the summary (exit 2); a field and its choices as
    they are typed, each with what it means in the user's language."""
    from shiftboard.render.messages import typed, typed_list

    for name, problem in error.errors.items():
        params = problem.params
        if problem.key == "case.field.choice":
            params = {**params, "allowed": typed_list(name, params["allowed"])}
        echo(f"{typed('label', name)}: {t(problem.key, **params)}", err=True)


@cases.command()
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("fields", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--json", "as_json", is_flag=True, help="Print the new case as JSON.")
@global_options
@click.pass_context
@handles_errors
def add(ctx, kind, fields, as_json, **options) -> None:
    """Create a case: `shiftboard cases add after_sales store=旗舰店 order_no=2026… item=… quantity=1 problem=…`"""
    from shiftboard.domain.cases.model import CaseKind
    from shiftboard.domain.privacy import masked
    from shiftboard.services.cases import CaseInputError

    _, desk = _desk(ctx, options)
    try:
        case = desk.add(CaseKind(kind), _fields(fields))
    except CaseInputError as error:
        _input_failed(error)
        raise
    if as_json:
        echo_json(masked(case))
    else:
        echo(t("case.created", case=case["id"]))


def desk_and_case(ctx: click.Context, options: dict, query: str):
    """The desk of a command that acts on one case, and the id of the case `query` names."""
    _, desk = _desk(ctx, options)
    return desk, resolve(desk, query)


def resolve(desk, query: str) -> str:
    """The id of the case `query` names: its id, or an order no., after-sales no., tracking
    no. or buyer only one case has. Several cases: they are listed, and it is an error (exit 2)."""
    from shiftboard.render.case import row_lines

    try:
        return desk.get(query)["id"]
    except ShiftboardError as error:
        if error.key != "case.unknown":
            raise
    rows = desk.search(query)
    if not rows:
        raise ShiftboardError("case.not_found", query=query)
    if len(rows) > 1:
        echo("\n".join(row_lines(rows)), err=True)
        raise ShiftboardError("case.several", query=query, count=len(rows))
    return rows[0]["id"]


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("step", metavar="MOVE")
@click.option("--tracking-no", help="The buyer's return tracking number (buyer_ships).")
@click.option("--version", "version", type=int, help="Refuse if the case changed since this version.")
@global_options
@click.pass_context
@handles_errors
def move(ctx, case_id, step, tracking_no, version, **options) -> None:
    """Move a case (`agree`, `buyer_ships`, `handle`, `restock` …); an illegal move is
    refused with the moves possible now. CASE: its id, order no., after-sales no. or tracking no."""
    from shiftboard.cli.team import said_moved
    from shiftboard.render.case import worded

    desk, case_id = desk_and_case(ctx, options, case_id)
    try:
        moved = desk.move(case_id, step, version, tracking_no)
    except ShiftboardError as error:
        raise worded(error) from None
    said_moved(moved)


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("text")
@global_options
@click.pass_context
@handles_errors
def note(ctx, case_id, text, **options) -> None:
    """Add a note to a case's timeline (CASE: its id, order no., after-sales no. or tracking no.)."""
    desk, case_id = desk_and_case(ctx, options, case_id)
    desk.note(case_id, text)
    echo(t("case.noted", case=case_id))


@cases.command()
@click.option("--from", "first", help="First day, YYYY-MM-DD (default: today).")
@click.option("--to", "last", help="Last day, YYYY-MM-DD (default: the first).")
@click.option("--store", "store_name")
@click.option("--json", "as_json", is_flag=True)
@global_options
@click.pass_context
@handles_errors
def register(ctx, first, last, store_name, as_json, **options) -> None:
    """The return register: every parcel back at the warehouse, with totals per store and day."""
    from shiftboard.render.case import register_lines

    context, desk = _desk(ctx, options, reads_only=True)
    first = first or context.clock.now().to_date_string()
    entries, totals = desk.register(first, last or first, store_name)
    if as_json:
        echo_json({"entries": entries, "totals": [vars(total) for total in totals]})
    else:
        echo("\n".join(register_lines(entries, totals) or [t("case.register_empty")]))


@cases.command()
@click.option("--limit", type=click.IntRange(min=1, max=50), default=8)
@click.option("--json", "as_json", is_flag=True)
@global_options
@click.pass_context
@handles_errors
def due(ctx, limit, as_json, **options) -> None:
    """The cases whose clocks run out next (breached first)."""
    from shiftboard.render.case import queue_lines, view_json
    from shiftboard.domain.cases.desk import Page
    from shiftboard.domain.privacy import masked

    context, desk = _desk(ctx, options, reads_only=True)
    views = desk.due_soon(limit)
    shown = [masked(view.case) for view in views]
    if as_json:
        echo_json([view_json(view, case) for view, case in zip(views, shown)])
    else:
        page = Page(tuple(views), len(views), 0, limit)
        echo("\n".join(queue_lines(page, shown, context.clock.now())[:-1] or [t("case.nothing_due")]))


@cases.command()
@global_options
@click.pass_context
@handles_errors
def reindex(ctx, **options) -> None:
    """Rebuild the search index from the case files (after damage or a crash)."""
    _, desk = _desk(ctx, options)
    echo(t("case.reindexed", count=desk.reindex()))


# More subcommands of `cases`, kept in their own modules (imported here, so they register
# whenever `cases` is named).
from shiftboard.cli import case_actions, case_views  # noqa: E402,F401
