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
    results = check_files(context.settings, context.store)
    failed = False
    for path, problems in results:
        for problem in problems:
            message = t(problem.key, **problem.params)
            # Line 0: the file itself could not be read; its message names the file.
            echo(f"{path}:{problem.line}: {message}" if problem.line else message)
        failed = failed or bool(problems)
        if not problems:
            echo(t("check.ok", file=str(path)))
    sys.exit(2 if failed else 0)
