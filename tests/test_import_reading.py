"""Reading exports: each encoding named, xlsx, and the traps of real exports (DOMAIN §8)."""

from __future__ import annotations

import datetime as dt

import pytest

from shiftboard.errors import ShiftboardError
from shiftboard.importers.cells import amount_cell, number_cell, time_cell
from shiftboard.importers.reading import read_export
from tests.import_files import HEADER, row, write_csv, write_xlsx

TZ = "Asia/Shanghai"


@pytest.mark.parametrize(("encoding", "named"), [("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)"),
                                                 ("gbk", "GB18030"), ("gb18030", "GB18030")])
def test_each_encoding_is_detected_and_named(tmp_path, encoding, named):
    table = read_export(write_csv(tmp_path / "x.csv", [row("300000000001")], encoding))
    assert table.encoding == named
    assert table.rows[0] == HEADER and table.rows[1][2] == "小王"


def test_xlsx_first_sheet_or_the_one_named(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [row("300000000001")])
    assert read_export(path).rows[1][0] == "300000000001"
    assert read_export(path, "售后").sheet == "售后"
    with pytest.raises(ShiftboardError) as refused:
        read_export(path, "Sheet9")
    assert refused.value.key == "import.no_sheet"


@pytest.mark.parametrize("content", [b"\x00\x01\x02binary\x00" * 20, b"PK\x03\x04 not really a zip"])
def test_a_file_that_is_not_an_export_is_refused_with_a_reason(tmp_path, content):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(ShiftboardError) as refused:
        read_export(path)
    assert refused.value.key == "import.not_a_table"


def test_numbers_kept_as_text_are_read_back():
    for kept in ('="202611230012345678"', "\t202611230012345678", "'202611230012345678",
                 "２０２６１１２３００１２３４５６７８"):
        assert number_cell(kept) == ("202611230012345678", None)


def test_a_number_whose_digits_are_gone_is_refused():
    assert number_cell("2.02611E+17") == (None, "import.cell.digits_lost")
    assert number_cell(2.0261123001234568e17) == (None, "import.cell.digits_lost")  # an xlsx number cell
    assert number_cell(3000000001.0) == ("3000000001", None)  # short enough to be exact


def test_amounts_with_signs_and_separators():
    assert amount_cell("¥1,299.5") == ("1299.50", None)
    assert amount_cell("￥１２元") == ("12.00", None)
    assert amount_cell(12.5) == ("12.50", None)
    assert amount_cell("about 5") == (None, "import.cell.amount")


def test_dates_as_serial_numbers_datetimes_and_text():
    assert time_cell(46349.5, TZ) == ("2026-11-23T12:00:00+08:00", None)
    assert time_cell("46349", TZ) == ("2026-11-23T00:00:00+08:00", None)
    assert time_cell(dt.datetime(2026, 11, 23, 9, 30), TZ) == ("2026-11-23T09:30:00+08:00", None)
    for text in ("2026/11/23 09:30", "2026-11-23 09:30:00", "2026年11月23日 09:30", "2026.11.23 09:30"):
        assert time_cell(text, TZ) == ("2026-11-23T09:30:00+08:00", None), text
    assert time_cell("yesterday", TZ) == (None, "import.cell.time")
    assert time_cell(12, TZ) == (None, "import.cell.time")
