"""The import use case: preview, idempotence, conflicts, legal-path moves, all-or-nothing."""

from __future__ import annotations

import pytest

from shiftboard.domain.cases.model import CaseKind
from shiftboard.errors import ShiftboardError
from shiftboard.importers.mapping import parse_mapping
from shiftboard.importers.plan import Action
from shiftboard.services.cases import CaseService
from shiftboard.services.importing import ImportRefused, ImportService, MappingFileInvalid
from tests.import_files import row, write_csv, write_xlsx


@pytest.fixture
def importer(store, clock):
    return ImportService(store, clock, "Li")


@pytest.fixture
def desk(store, clock):
    return CaseService(store, clock, "Wang")


def actions(report):
    return [(o.row, o.action.value) for o in report.outcomes]


def only_case(store):
    """The one after-sales case (a confirmed receipt also makes a register entry)."""
    cases = [case for case in store.cases.live.read() if case["kind"] == "after_sales"]
    assert len(cases) == 1
    return cases[0]


def test_preview_reads_past_a_title_row_and_blank_rows_and_writes_nothing(importer, store, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), [""] * 12, [""] * 12], "gb18030",
                     title="千牛售后导出 2026-11-23")
    report = importer.preview(path)
    assert (report.encoding, report.mapping, report.header_row) == ("GB18030", "taobao", 2)
    assert actions(report) == [(3, "create")]
    assert store.cases.live.read() == []


def test_the_same_file_twice_changes_nothing_the_second_time(importer, store, tmp_path):
    path = write_csv(tmp_path / "x.csv", [row("300000000001"), row("300000000002", item="裤子"),
                                          row("300000000001")])  # a row twice: one case
    first = importer.run(path)
    assert actions(first) == [(2, "create"), (3, "create"), (4, "unchanged")]
    stamps = store.file_stamps(store.cases.live_paths())
    second = importer.run(path)
    assert [o.action for o in second.outcomes] == [Action.UNCHANGED] * 3
    assert store.file_stamps(store.cases.live_paths()) == stamps
    assert len(store.cases.live.read()) == 2


def test_a_newer_state_moves_the_case_along_the_legal_path_as_from_the_import(importer, store, tmp_path):
    importer.run(write_csv(tmp_path / "a.csv", [row("300000000001")]))
    report = importer.run(write_csv(tmp_path / "b.csv", [row("300000000001", state="退款成功",
                                                             tracking="SF1234567890", modified="2026-11-23 08:00")]))
    assert report.outcomes[0].moves == ("agree", "buyer_ships", "confirm_receipt", "finance_confirms")
    case = only_case(store)
    assert case["status"] == "refunded" and case["return_tracking_no"] == "SF1234567890"
    moved = [entry for entry in case["timeline"] if entry["what"] == "moved"]
    assert [e["move"] for e in moved][-1] == "finance_confirms" and all(e["via"] == "import" for e in moved)


def test_a_jump_the_flow_does_not_allow_is_reported_not_forced(importer, store, tmp_path):
    # refunded needs the return recorded, and the export gives no return tracking number
    report = importer.run(write_csv(tmp_path / "a.csv", [row("300000000001", state="SUCCESS")]))
    outcome = report.outcomes[0]
    assert outcome.action is Action.CREATE and outcome.moves == ()
    assert [(n.column, n.key, n.params["key"]) for n in outcome.notes] == [("退款状态", "import.jump_refused", "refund.tracking_required")]
    assert only_case(store)["status"] == "awaiting_seller"
    assert [o.action for o in importer.run(tmp_path / "a.csv").outcomes] == [Action.UNCHANGED]


def test_an_agents_change_is_never_overwritten_a_conflict_is_listed(importer, desk, store, tmp_path):
    importer.run(write_csv(tmp_path / "a.csv", [row("300000000001", amount="59.00")]))
    case = only_case(store)
    desk.edit(case["id"], case["version"], {"amount": "49.00"})
    newer = write_csv(tmp_path / "b.csv", [row("300000000001", amount="69.00", buyer="小王2")])
    report = importer.run(newer)
    outcome = report.outcomes[0]
    assert outcome.action is Action.UPDATE and outcome.fields == ("buyer",)
    assert [(n.column, n.params["ours"], n.params["theirs"]) for n in outcome.notes] == [("退款金额", "49.00", "69.00")]
    case = only_case(store)
    assert (case["amount"], case["buyer"]) == ("49.00", "小王2")
    again = importer.run(newer).outcomes[0]
    assert again.action is Action.UNCHANGED and len(again.notes) == 1  # still there to decide


def test_a_typed_case_is_matched_by_order_no_and_item(importer, desk, store, tmp_path):
    typed = desk.add(CaseKind.AFTER_SALES, {"store": "旗舰店", "order_no": "202611230012345678", "item": "T恤",
                                           "quantity": "1", "problem": "尺码不合适"})
    report = importer.run(write_csv(tmp_path / "a.csv", [row("300000000001")]))
    assert report.outcomes[0].case_id == typed["id"]
    assert report.outcomes[0].fields == ("after_sales_no", "amount", "buyer", "source")  # filled in, nothing overwritten
    assert only_case(store)["after_sales_no"] == "300000000001"


def test_an_error_in_the_last_row_writes_nothing(importer, store, tmp_path):
    rows = [row(f"30000000000{n}", item=f"item{n}") for n in range(1, 6)] + [row("300000000009", order="2.02611E+17")]
    with pytest.raises(ImportRefused) as refused:
        importer.run(write_csv(tmp_path / "a.csv", rows))
    last = refused.value.report.outcomes[-1]
    assert (last.row, last.action, last.problems[0].column, last.problems[0].key) == \
        (7, Action.REFUSED, "订单编号", "import.cell.digits_lost")
    assert store.cases.live.read() == []


def test_an_older_row_changes_nothing(importer, store, tmp_path):
    importer.run(write_csv(tmp_path / "a.csv", [row("300000000001", modified="2026-11-22 10:00")]))
    stale = write_csv(tmp_path / "b.csv", [row("300000000001", state="CLOSED", modified="2026-11-21 10:00")])
    assert importer.run(stale).outcomes[0].action is Action.UNCHANGED
    assert only_case(store)["status"] == "awaiting_seller"


def test_headers_that_match_no_preset_say_what_was_found_and_missing(importer, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,phone\nWang,123\n", encoding="utf-8")
    with pytest.raises(ShiftboardError) as refused:
        importer.preview(path)
    assert refused.value.key == "import.headers_unmatched"
    assert refused.value.params["headers"] == "name, phone" and "status" in refused.value.params["missing"]


def test_xlsx_with_number_cells_serial_dates_and_a_mangled_order_no(importer, store, tmp_path):
    good = [300000000001, "202611230012345678", "小王", "旗舰店", "T恤", 1, 59, "WAIT_SELLER_AGREE", "尺码", 46348.4,
            None, 46349.5]
    bad = [300000000002, 2.0261123001234568e17, "小李", "旗舰店", "裤子", 1, "¥1,059.00", "WAIT_SELLER_AGREE",
           "尺码", "2026/11/22", None, 46349.5]
    path = write_xlsx(tmp_path / "x.xlsx", [good, bad], title="导出")
    report = importer.preview(path)
    assert (report.encoding, report.header_row) == ("xlsx", 2)
    assert actions(report) == [(3, "create"), (4, "refused")]
    with pytest.raises(ImportRefused):
        importer.run(path)


def test_store_option_fills_a_missing_store_column(importer, store, tmp_path):
    header = ["售后单号", "订单号", "商品名称", "售后状态", "售后原因"]
    path = tmp_path / "d.csv"
    path.write_text("\n".join([",".join(header), "400000000001,202611230099999999,帽子,待买家退货,质量问题"]),
                    encoding="utf-8-sig")
    with pytest.raises(ShiftboardError) as refused:
        importer.preview(path)
    assert "store" in refused.value.params["missing"]
    report = importer.run(path, store_name="抖店")
    assert (report.mapping, report.encoding, actions(report)) == ("douyin", "UTF-8 (BOM)", [(2, "create")])
    case = only_case(store)
    assert (case["store"], case["status"], case["source"]) == ("抖店", "awaiting_return", "douyin")


def test_a_mapping_file_is_checked_line_by_line(importer, tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('schema = 1\nname = "mine"\n[columns]\norder_no = "单号"\ncolour = "颜色"\n'
                    '[states]\n"完成" = "done"\n', encoding="utf-8")
    with pytest.raises(MappingFileInvalid) as refused:
        importer.preview(tmp_path / "x.csv", mapping_file=path)
    assert [(p.line, p.key) for p in refused.value.problems] == [
        (3, "check.missing"), (5, "import.mapping.unknown_field"), (7, "import.mapping.bad_value")]
    parse_mapping('name = "ok"\n[columns]\norder_no = "单号"\nstatus = ["状态", "退款状态"]\n[states]\n"完成" = "refunded"\n')


@pytest.mark.parametrize(("state", "moves", "status"), [
    ("WAIT_SELLER_AGREE", (), "awaiting_seller"),
    ("SELLER_REFUSE_BUYER", ("reject",), "awaiting_buyer_edit"),
    ("WAIT_BUYER_RETURN_GOODS", ("agree",), "awaiting_return"),
    ("WAIT_SELLER_CONFIRM_GOODS", ("agree", "buyer_ships"), "returned"),
    ("SUCCESS", ("agree", "buyer_ships", "confirm_receipt", "finance_confirms"), "refunded"),
    ("CLOSED", ("close",), "closed"),
])
def test_each_platform_state_is_reached_by_the_legal_path(importer, store, tmp_path, state, moves, status):
    path = write_csv(tmp_path / "a.csv", [row("300000000001", state=state, tracking="SF1234567890")])
    report = importer.run(path)
    cases = {case["kind"]: case for case in store.cases.live.read()}
    assert report.outcomes[0].moves == moves and cases["after_sales"]["status"] == status
    # a receipt confirmed on the platform enters the parcel in the return register, once
    assert ("return" in cases) == ("confirm_receipt" in moves)
    importer.run(path)
    assert len(store.cases.live.read()) == len(cases)


def test_a_refund_only_request_skips_the_return(importer, store, tmp_path):
    header = ["退款编号", "订单编号", "商品名称", "店铺", "退款状态", "售后类型"]
    path = tmp_path / "r.csv"
    path.write_text("\n".join([",".join(header), "300000000001,202611230012345678,T恤,旗舰店,退款成功,仅退款"]),
                    encoding="utf-8")
    report = importer.run(path)
    assert report.outcomes[0].moves == ("agree", "finance_confirms")
    assert (only_case(store)["request"], only_case(store)["status"]) == ("refund", "refunded")
