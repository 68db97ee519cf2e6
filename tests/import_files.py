"""Exports as the platforms write them, built for the import tests (CSV in each encoding, xlsx)."""

from __future__ import annotations

from pathlib import Path

HEADER = ["退款编号", "订单编号", "买家会员名", "店铺", "商品名称", "数量", "退款金额", "退款状态", "退款原因",
          "申请时间", "退货物流单号", "修改时间"]


def row(number: str, order: str = "202611230012345678", state: str = "WAIT_SELLER_AGREE", *, buyer: str = "小王",
        item: str = "T恤", amount: str = "59.00", tracking: str = "", modified: str = "2026-11-22 10:00",
        quantity: str = "1") -> list[str]:
    return [number, order, buyer, "旗舰店", item, quantity, amount, state, "尺码不合适", "2026-11-22 09:00", tracking,
            modified]


def csv_text(rows: list[list[str]], title: str | None = None, header: list[str] = HEADER) -> str:
    lines = ([title] if title else []) + [",".join(header)] + [",".join(_quoted(c) for c in r) for r in rows]
    return "\r\n".join(lines) + "\r\n"


def _quoted(cell: str) -> str:
    return f'"{cell.replace(chr(34), chr(34) * 2)}"' if any(c in cell for c in ',"\n') else cell


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", **how) -> Path:
    path.write_bytes(csv_text(rows, **how).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], title: str | None = None, sheet: str = "售后") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = sheet
    if title:
        book.active.append([title])
    book.active.append(HEADER)
    for cells in rows:
        book.active.append(cells)
    book.save(path)
    return path
