"""`shiftboard cases edit|assign|contact|check|clock-done`: from a shell, what the case screen
does. CASE is a case's id, or an order no., after-sales no. or tracking no. only one case has.
Registered on the `cases` group (cli/cases.py imports this module)."""

from __future__ import annotations

import click

from shiftboard.cli.cases import _fields, _input_failed, cases, desk_and_case
from shiftboard.cli.main import global_options, handles_errors
from shiftboard.domain.cases.followup import CHANNELS, OUTCOMES
from shiftboard.i18n import t
from shiftboard.render.fmt import word
from shiftboard.cli.output import echo

VERSION = click.option("--version", "version", type=int, help="Refuse if the case changed since this version.")


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("fields", nargs=-1, required=True, metavar="FIELD=VALUE...")
@VERSION
@global_options
@click.pass_context
@handles_errors
def edit(ctx, case_id, fields, version, **options) -> None:
    """Change fields of a case (`amount=49.90 buyer_phone=`: an empty value clears a field)."""
    from shiftboard.services.cases import CaseInputError

    desk, case_id = desk_and_case(ctx, options, case_id)
    current = desk.get(case_id)
    try:
        desk.edit(case_id, current["version"] if version is None else version, _fields(fields))
    except CaseInputError as error:
        _input_failed(error)
        raise
    echo(t("case.edited", case=case_id))


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("handler")
@VERSION
@global_options
@click.pass_context
@handles_errors
def assign(ctx, case_id, handler, version, **options) -> None:
    """Hand a case to an agent."""
    desk, case_id = desk_and_case(ctx, options, case_id)
    desk.assign(case_id, handler, version)
    echo(t("case.assigned_to", case=case_id, handler=handler.strip()))


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("channel", type=click.Choice(CHANNELS))
@click.argument("outcome", type=click.Choice(OUTCOMES))
@click.option("--note", default="", help="A word on what was said.")
@global_options
@click.pass_context
@handles_errors
def contact(ctx, case_id, channel, outcome, note, **options) -> None:
    """Record an attempt to reach the buyer: chat, phone or sms, and how it went."""
    desk, case_id = desk_and_case(ctx, options, case_id)
    desk.contact(case_id, channel, outcome, note)
    echo(t("case.contacted", case=case_id, channel=word("channel", channel), outcome=word("outcome", outcome)))


@cases.command()
@click.argument("case_id", metavar="CASE")
@click.argument("check_name", metavar="CHECK")
@global_options
@click.pass_context
@handles_errors
def check(ctx, case_id, check_name, **options) -> None:
    """Tick a check off (purple_flag, damage_photos, buyer_contacted …), or untick it."""
    desk, case_id = desk_and_case(ctx, options, case_id)
    case = desk.tick(case_id, check_name)
    key = "case.ticked" if check_name in case.get("checks", {}) else "case.unticked"
    echo(t(key, case=case_id, check=word("check", check_name)))


@cases.command(name="clock-done")
@click.argument("case_id", metavar="CASE")
@click.argument("clock")
@global_options
@click.pass_context
@handles_errors
def clock_done(ctx, case_id, clock, **options) -> None:
    """A clock's step is done now (first_response, follow_up …)."""
    desk, case_id = desk_and_case(ctx, options, case_id)
    desk.meet(case_id, clock)
    echo(t("case.clock_done", case=case_id, clock=word("clock", clock)))
