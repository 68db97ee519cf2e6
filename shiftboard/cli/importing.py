"""`shiftboard import FILE`: a platform's after-sales export brought in as cases.

`--dry-run` shows what each row would do and writes nothing; the real run writes the whole
file or, when any row is refused, nothing (exit 2, the refused rows listed).
"""

from __future__ import annotations

from pathlib import Path

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.cli.output import echo, echo_json


@main.command(name="import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--preset", help="A mapping preset by name (taobao, douyin …); default: the one the headers fit.")
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path), help="Your own mapping file (TOML).")
@click.option("--store", "store_name", help="The store every row belongs to, when the export has no store column.")
@click.option("--sheet", help="The sheet of an xlsx workbook (default: the first).")
@click.option("--dry-run", is_flag=True, help="Show what each row would do; write nothing.")
@click.option("--result", "result_file", type=click.Path(path_type=Path), help="Write each row's outcome to this CSV.")
@click.option("--json", "as_json", is_flag=True, help="Stable JSON for scripts.")
@global_options
@click.pass_context
@handles_errors
def import_export(ctx, file, preset, mapping_file, store_name, sheet, dry_run, result_file, as_json,
                  **options) -> None:
    """Import an after-sales export (CSV in UTF-8 or GBK, or xlsx): new cases created, known
    ones updated along the refund flow, agents' changes never overwritten."""
    from shiftboard.services.importing import ImportRefused, ImportService

    if preset and mapping_file:
        raise ShiftboardError("import.preset_or_mapping")
    context = build_context(_merged(ctx, options))
    service = ImportService(context.store, context.clock, context.settings.agent)
    how = {"preset": preset, "mapping_file": mapping_file, "store_name": store_name, "sheet": sheet}
    try:
        report = service.preview(file, **how) if dry_run else service.run(file, **how)
    except ImportRefused as refused:
        _show(refused.report, as_json, result_file, context.store)
        raise
    _show(report, as_json, result_file, context.store)
    if not as_json:
        echo(t("import.written" if report.written else "import.dry_run"))


def _show(report, as_json: bool, result_file: Path | None, store) -> None:
    from shiftboard.render.importing import report_json, report_lines, result_csv

    if result_file is not None:
        store.write_text(result_file, result_csv(report))
    if as_json:
        echo_json(report_json(report))
    else:
        echo("\n".join(report_lines(report)))
