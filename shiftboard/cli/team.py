"""`shiftboard team`: the accounts a team signs in with (`shiftboard serve`, and terminals
once any account exists): add, change a password, disable, list."""

from __future__ import annotations

import sys

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.cli.output import echo, echo_json
from shiftboard.domain.team.accounts import ROLES
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.fmt import word
from shiftboard.render.messages import role_word


def _service(ctx: click.Context, options: dict, reads_only: bool = False):
    from shiftboard.services.team import TeamService

    # Once the team has accounts, whoever runs this is one (--agent or the login name), and
    # roles.toml says whether they may manage accounts; the first account needs nobody.
    # (Listing them needs nobody: names and roles only.)
    context = build_context(_merged(ctx, options), maintain=False, reads_only=reads_only, as_account=not reads_only)
    return TeamService(context.store, context.clock, context.settings.agent)


def _password(name: str, from_stdin: bool) -> str:
    """From the first line of stdin (scripts), else asked twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ShiftboardError("team.password_empty_stdin")
        return password
    return click.prompt(t("team.password_prompt", name=name), hide_input=True, confirmation_prompt=True)


password_stdin = click.option("--password-stdin", is_flag=True, help="Read the password from stdin's first line.")


@main.group()
def team() -> None:
    """Accounts of the team: who may sign in to `shiftboard serve`, with which role."""


@team.command(name="add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True)
@password_stdin
@global_options
@click.pass_context
@handles_errors
def add(ctx: click.Context, name: str, role: str, password_stdin: bool, **options) -> None:
    """Add the account NAME with ROLE (asks for its password)."""
    service = _service(ctx, options)
    service.check_new(name, role)
    service.add(name, role, _password(name, password_stdin))
    echo(t("team.added", name=name, role=role_word(role)))


@team.command(name="passwd")
@click.argument("name")
@password_stdin
@global_options
@click.pass_context
@handles_errors
def passwd(ctx: click.Context, name: str, password_stdin: bool, **options) -> None:
    """Set a new password for NAME."""
    service = _service(ctx, options)
    if service.store.accounts.get(name) is None:
        raise ShiftboardError("team.unknown", name=name)
    service.passwd(name, _password(name, password_stdin))
    echo(t("team.changed", name=name))


@team.command(name="disable")
@click.argument("name")
@global_options
@click.pass_context
@handles_errors
def disable(ctx: click.Context, name: str, **options) -> None:
    """Stop NAME from signing in (the account and its history stay)."""
    _service(ctx, options).disable(name)
    echo(t("team.disabled", name=name))


@team.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def list_accounts(ctx: click.Context, as_json: bool, **options) -> None:
    """The accounts, their roles and whether they may sign in."""
    accounts = _service(ctx, options, reads_only=True).list()
    if as_json:
        echo_json([{"name": a["id"], "role": a["role"], "disabled": a.get("disabled", False),
                    "created_at": a.get("created_at")} for a in accounts])
        return
    if not accounts:
        echo(t("team.none"))
    for account in accounts:
        state = t("team.state_disabled" if account.get("disabled") else "team.state_active")
        echo(t("team.row", name=account["id"], role=role_word(account["role"]), state=state,
               created=str(account.get("created_at", ""))[:10]))


def said_moved(case: dict) -> None:
    """A move made, or waiting for a lead (`cases move`)."""
    from shiftboard.services.approvals import awaiting

    pending = awaiting(case)
    if pending:
        echo(t("approval.requested", case=case["id"], reason=t(pending["reason"])))
    else:
        echo(t("case.moved", case=case["id"], status=word("status", case["status"])))


def _approvals(ctx: click.Context, options: dict):
    from shiftboard.services.approvals import ApprovalService
    from shiftboard.services.cases import CaseService

    context = build_context(_merged(ctx, options))
    settings = context.settings
    return ApprovalService(CaseService(context.store, context.clock, settings.agent, role=settings.role))


@team.command(name="approvals")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def approvals(ctx: click.Context, as_json: bool, **options) -> None:
    """The cases awaiting a lead's approval, oldest request first."""
    queue = _approvals(ctx, options).queue()
    if as_json:
        echo_json([{"case": c["id"], "kind": c["kind"], "status": c["status"], **c["approval"]} for c in queue])
        return
    if not queue:
        echo(t("approval.queue_empty"))
    for case in queue:
        pending = case["approval"]
        echo(t("approval.queue_row", case=case["id"], kind=word("kind", case["kind"]),
               move=word("move", pending["move"]), by=pending["by"],
               at=pending["at"][:16].replace("T", " "), reason=t(pending["reason"])))


@team.command(name="approve")
@click.argument("case_id")
@global_options
@click.pass_context
@handles_errors
def approve(ctx: click.Context, case_id: str, **options) -> None:
    """Approve what CASE_ID awaits: the case makes its move (leads only)."""
    case = _approvals(ctx, options).approve(case_id)
    echo(t("approval.approved", case=case_id, status=word("status", case["status"])))


@team.command(name="refuse")
@click.argument("case_id")
@click.option("--reason", required=True, help="Why (recorded on the case and the audit trail).")
@global_options
@click.pass_context
@handles_errors
def refuse(ctx: click.Context, case_id: str, reason: str, **options) -> None:
    """Refuse what CASE_ID awaits, with a reason; the case stays where it was (leads only)."""
    case = _approvals(ctx, options).refuse(case_id, reason)
    echo(t("approval.refused", case=case_id, status=word("status", case["status"])))
