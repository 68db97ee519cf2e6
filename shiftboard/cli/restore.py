"""`shiftboard restore`: list the hourly backups of the data files, put one back in place.

The message about a damaged data file points here. Restoring must work in exactly that
situation, so a damaged file met while opening the data dir is reported and the command
carries on (the file has just been set aside, untouched).
"""

from __future__ import annotations

import click

from shiftboard.cli.main import Context, _merged, build_context, global_options, handles_errors, main
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.render.messages import message
from shiftboard.store.restore import find_backup, restore
from shiftboard.cli.output import echo


def _context(ctx: click.Context, options: dict) -> Context:
    try:
        return build_context(_merged(ctx, options), as_account=False)
    except ShiftboardError as error:
        if error.key != "error.corrupt_file":
            raise
        echo(t("restore.set_aside_first", message=message(error)), err=True)
        return build_context(_merged(ctx, options), as_account=False)


def _list(context: Context) -> None:
    backups = context.store.backups
    catalogue = backups.catalogue()
    if not catalogue:
        echo(t("restore.none", folder=str(backups.folder)))
        return
    for source, found in catalogue.items():
        echo(str(source))
        for backup in found:
            taken = backups.taken_at(backup).in_timezone(context.clock.tz).strftime("%Y-%m-%d %H:%M")
            echo(t("restore.entry", backup=backup.name, taken=taken,
                         kb=f"{backup.stat().st_size / 1000:.1f}"))
    echo(t("restore.hint"))


@main.command(name="restore")
@click.argument("backup", required=False)
@click.option("--list", "list_only", is_flag=True, help="List the backups of each data file, newest first.")
@global_options
@click.pass_context
@handles_errors
def restore_command(ctx: click.Context, backup: str | None, list_only: bool, **options) -> None:
    """Put BACKUP back in place of its data file; the file it replaces is kept aside.

    Without BACKUP (or with --list), lists the backups to choose from.
    """
    context = _context(ctx, options)
    if list_only or backup is None:
        _list(context)
        return
    restored = restore(context.store, find_backup(context.store, backup))
    echo(t("restore.done", file=str(restored.target), backup=backup))
    if restored.aside:
        echo(t("restore.kept_aside", aside=str(restored.aside)))
