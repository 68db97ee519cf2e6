"""`shiftboard check`: validate the team's files, every problem as FILE:LINE: message."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.i18n import t
from shiftboard.cli.output import echo


@main.command()
@click.argument("playbook_file", required=False, type=click.Path(path_type=Path))
@global_options
@click.pass_context
@handles_errors
def check(ctx: click.Context, playbook_file: Path | None, **options) -> None:
    """Validate a playbook (default: the one in use) and the config; list every problem."""
    from shiftboard.services.checks import check_files

    merged = _merged(ctx, options)
    if playbook_file:
        merged["playbook"] = playbook_file
    context = build_context(merged, reads_only=True, as_account=False)
    results = check_files(context.settings, context.store, context.clock.now().date())
    failed = False
    for path, problems in results:
        for problem in problems:
            message = t(problem.key, **problem.params)
            if problem.warning:
                message = t("check.warning", message=message)
            if problem.line:
                echo(f"{path}:{problem.line}: {message}")
            else:  # about the whole file; a file that could not be read is named by its message
                echo(message if str(path) in message else f"{path}: {message}")
        errors = [p for p in problems if not p.warning]
        failed = failed or bool(errors)
        if not errors:
            echo(t("check.ok", file=str(path)))
    sys.exit(2 if failed else 0)
