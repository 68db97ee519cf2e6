"""`shiftboard cases search|order|buyer`: partial search and one view per order or buyer.
Registered on the `cases` group (cli/cases.py imports this module)."""

from __future__ import annotations

import click

from shiftboard.cli.cases import _desk, cases
from shiftboard.cli.main import global_options, handles_errors
from shiftboard.errors import ShiftboardError
from shiftboard.cli.output import echo, echo_json


@cases.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def search(ctx, text, as_json, **options) -> None:
    """Find cases by part of what you know: the last 6+ digits of an order, after-sales or
    tracking no., the last 4 digits of the buyer's phone, part of the buyer's name."""
    from shiftboard.domain.privacy import masked
    from shiftboard.render.case import row_lines

    _, desk = _desk(ctx, options)
    _index_ready(desk)
    rows = [masked(row) for row in desk.search(text, partial=True)]
    if not rows:
        raise ShiftboardError("case.not_found", query=text)
    if as_json:
        echo_json(rows)
    else:
        echo("\n".join(row_lines(rows)))


def _index_ready(desk) -> None:
    """Build the partial-search index of a data dir made before it existed, saying so on
    stderr (on a year of history it takes a while); the search would build it silently."""
    from shiftboard.i18n import t

    left = desk.partial_index_left()
    if not left:
        return
    echo(t("search_index.building", count=left), err=True)

    def progress(done: int, total: int, part: str) -> None:
        echo(t("search_index.progress", done=done, total=total,
               folder=t("search_index.live") if part == "live" else part), err=True)

    desk.build_partial_index(progress)
    echo(t("search_index.built"), err=True)


def _view(ctx, about: str, value: str, as_json: bool, options: dict) -> None:
    from shiftboard.render.dossier import dossier_json, dossier_lines
    from shiftboard.services.dossier import About, dossier

    context, _ = _desk(ctx, options)
    found = dossier(context.store, About(about), value)
    if as_json:
        echo_json(dossier_json(found))
    else:
        echo("\n".join(dossier_lines(found, context.clock.now())))


@cases.command()
@click.argument("order_no")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def order(ctx, order_no, as_json, **options) -> None:
    """Everything about one order: its cases, register entries, notes and handover mentions."""
    _view(ctx, "order", order_no, as_json, options)


@cases.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def buyer(ctx, name, as_json, **options) -> None:
    """Everything about one buyer: their cases, register entries, notes and handover mentions."""
    _view(ctx, "buyer", name, as_json, options)
