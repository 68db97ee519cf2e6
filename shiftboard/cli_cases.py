"""`shiftboard rules postage|cancel`: the rules helper from a shell."""

from __future__ import annotations

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
