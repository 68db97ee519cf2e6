"""`shiftboard cases list|show|add|move` and `shiftboard rules postage|cancel` for scripts."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

import click

from shiftboard.cli import _merged, build_context, global_options, handles_errors, main
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t


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
    from shiftboard.domain.rules import who_pays
    from shiftboard.services_cases import load_rules

    context = build_context(_merged(ctx, options))
    table = load_rules(context.store)
    for outcome in ("exchange", "refund"):
        payer = who_pays(table, store_type, situation, outcome)
        click.echo(t(f"rules.outcome.{outcome}") + ": "
                   + t(f"rules.payer.{payer}", percent=table.fee_percent_after_close))


@rules.command()
@click.option("--ordered", required=True, help='When the order was placed ("2026-11-21 10:00").')
@click.option("--price", required=True, help="The order's price, e.g. 199.00.")
@click.option("--kind", "item_kind", default="normal", type=click.Choice(["normal", "custom", "clearance"]))
@global_options
@click.pass_context
@handles_errors
def cancel(ctx: click.Context, ordered: str, price: str, item_kind: str, **options) -> None:
    """What cancelling the order costs now (free within 48 h, then at least 10%)."""
    from shiftboard.clock import parse_now
    from shiftboard.domain.rules import cancel_cost
    from shiftboard.services_cases import load_rules

    context = build_context(_merged(ctx, options))
    try:
        amount = Decimal(price)
    except InvalidOperation:
        raise ShiftboardError("rules.bad_price", value=price) from None
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ShiftboardError("rules.bad_price", value=price)
    placed = parse_now(ordered, context.settings.timezone).now()
    table = load_rules(context.store)
    answer = cancel_cost(table, placed, context.clock.now(), amount, item_kind)
    click.echo(t(answer.reason, fee=answer.fee, hours=table.cancel.free_hours))


@main.group()
def cases() -> None:
    """The case desk from a shell: list, show, add and move cases."""


def _desk(ctx: click.Context, options: dict):
    from shiftboard.services_cases import CaseService

    context = build_context(_merged(ctx, options))
    return context, CaseService(context.store, context.clock, context.settings.agent)


def _masked(case: dict, unmask: bool) -> dict:
    """Buyers' phone numbers and addresses are masked unless asked for."""
    from shiftboard.domain.cases import mask_address, mask_phone

    if unmask:
        return case
    shown = dict(case)
    if shown.get("buyer_phone"):
        shown["buyer_phone"] = mask_phone(shown["buyer_phone"])
    if shown.get("buyer_address"):
        shown["buyer_address"] = mask_address(shown["buyer_address"])
    return shown


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@cases.command(name="list")
@click.option("--kind", type=click.Choice(["after_sales", "review", "complaint", "logistics", "stock_notice"]))
@click.option("--store", "store_name")
@click.option("--handler")
@click.option("--page", type=int, default=0, help="Page number (50 cases a page).")
@click.option("--json", "as_json", is_flag=True)
@global_options
@click.pass_context
@handles_errors
def list_cases(ctx, kind, store_name, handler, page, as_json, **options) -> None:
    """The open queue, one page at a time."""
    _, desk = _desk(ctx, options)
    rows = [_masked(c, False) for c in desk.open_cases(kind, store_name, handler, page)]
    if as_json:
        _echo_json(rows)
        return
    for case in rows:
        click.echo(f"{case['id']}  {case['kind']:<12} {case['status']:<20} {case.get('store', '')}  "
                   f"{case.get('order_no', '')}  {case.get('buyer', '')}  {case.get('handler', '')}")
    click.echo(t("case.listed", count=len(rows)))


@cases.command()
@click.argument("query")
@click.option("--unmask", is_flag=True, help="Show buyers' phone numbers and addresses in full.")
@global_options
@click.pass_context
@handles_errors
def show(ctx, query, unmask, **options) -> None:
    """Show a case by id, or search by order no., after-sales no., tracking no. or buyer."""
    _, desk = _desk(ctx, options)
    try:
        found = [desk.get(query)]
    except ShiftboardError:
        found = desk.search(query)
    if not found:
        raise ShiftboardError("case.unknown", case=query)
    _echo_json([_masked(c, unmask) for c in found])


@cases.command()
@click.argument("kind", type=click.Choice(["after_sales", "review", "complaint", "logistics", "stock_notice"]))
@click.argument("fields", nargs=-1, metavar="FIELD=VALUE...")
@global_options
@click.pass_context
@handles_errors
def add(ctx, kind, fields, **options) -> None:
    """Create a case: `shiftboard cases add after_sales store=旗舰店 order_no=2026… item=… quantity=1 problem=…`"""
    from shiftboard.domain.cases import CaseKind
    from shiftboard.services_cases import CaseInputError

    values = dict(f.split("=", 1) for f in fields if "=" in f)
    _, desk = _desk(ctx, options)
    try:
        case = desk.add(CaseKind(kind), values)
    except CaseInputError as error:
        for name, key in error.errors.items():
            click.echo(f"{name}: {t(key)}", err=True)
        raise
    click.echo(t("case.created", case=case["id"]))


@cases.command()
@click.argument("case_id")
@click.argument("step", type=click.Choice(["agree", "reject", "buyer_edits", "buyer_ships", "confirm_receipt",
                                           "finance_confirms", "close"]))
@click.option("--tracking-no", help="The buyer's return tracking number (buyer_ships).")
@global_options
@click.pass_context
@handles_errors
def move(ctx, case_id, step, tracking_no, **options) -> None:
    """Move an after-sales case along the refund flow."""
    from shiftboard.domain.refund import RefundMove

    _, desk = _desk(ctx, options)
    case = desk.get(case_id)
    moved = desk.move(case_id, RefundMove(step), case["version"], tracking_no)
    click.echo(t("case.moved", case=case_id, status=moved["status"]))
