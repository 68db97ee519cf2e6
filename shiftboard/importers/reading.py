"""A platform export read into rows of cells: CSV in UTF-8, UTF-8 with BOM or GBK/GB18030
(detected; the preview names it), or an xlsx workbook's first (or named) sheet.

Cells stay as the file holds them — text for CSV; text, numbers and datetimes for xlsx — so
the cell cleaners can tell a number a sheet mangled from one kept as text.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import NamedTuple

from shiftboard.errors import ShiftboardError

#: An export bigger than this is not one a shop exports (and would not fit a preview).
MAX_BYTES = 64 * 2**20
_ZIP_MAGIC = b"PK\x03\x04"


class Table(NamedTuple):
    """The file's rows (each a list of cells) and how it was read."""

    rows: list[list[object]]
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "GB18030", or "xlsx"
    sheet: str | None = None


def read_export(path: Path, sheet: str | None = None) -> Table:
    """Read `path`; a file that is neither CSV text nor a workbook is refused with a reason."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ShiftboardError("import.too_big", file=str(path), mb=MAX_BYTES // 2**20)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ShiftboardError("error.no_file", file=str(path)) from None
    except OSError as error:
        raise ShiftboardError("error.unreadable", file=str(path), detail=error.strerror or str(error)) from None
    if data.startswith(_ZIP_MAGIC):
        return read_xlsx(data, path, sheet)
    return read_csv(data, path)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 with or without its BOM, else GB18030 (which reads GBK),
    else what charset-normalizer makes of it."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 (BOM)"
    for codec, name in (("utf-8", "UTF-8"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnicodeDecodeError("unknown", data[:1], 0, 1, "no encoding fits")
    return str(best), best.encoding.upper()


def read_csv(data: bytes, path: Path) -> Table:
    if b"\x00" in data[:4096]:
        raise ShiftboardError("import.not_a_table", file=str(path))
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError:
        raise ShiftboardError("import.not_a_table", file=str(path)) from None
    delimiter = "\t" if _tabbed(text) else ","
    try:
        rows = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as error:
        raise ShiftboardError("import.bad_csv", file=str(path), detail=str(error)) from None
    return Table(rows, encoding)


def _tabbed(text: str) -> bool:
    """Some exports are tab-separated text saved as .csv: more tabs than commas up top."""
    head = text[:4096]
    return head.count("\t") > head.count(",") * 2 and "\t" in head.split("\n", 1)[0]


def read_xlsx(data: bytes, path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook  # only for workbooks: ~100 ms to import

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ShiftboardError("import.not_a_table", file=str(path)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ShiftboardError("import.no_sheet", sheet=sheet, sheets=", ".join(book.sheetnames))
        chosen = book[sheet] if sheet else book.worksheets[0]
        rows = [list(row) for row in chosen.iter_rows(values_only=True)]
        return Table(rows, "xlsx", chosen.title)
    finally:
        book.close()
