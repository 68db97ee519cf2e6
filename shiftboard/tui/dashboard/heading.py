"""The head above the checklist: the block, its times and state, the queue badge and the
blocks left overdue elsewhere; kept whole where it must not break."""

from __future__ import annotations

from rich.text import Text

from shiftboard.domain.shift.run import BlockState, ItemStatus, ShiftView
from shiftboard.i18n import join, t
from shiftboard.render import fmt
from shiftboard.render.wrap import hang


def block_head(view: ShiftView, index: int, badge: Text | None, width: int, seconds: bool = True) -> Text:
    """The block, its times and state; the next hourly time kept whole on one line."""
    block = view.blocks[index]
    head = Text()
    head.append(block.block.title, style="bold")
    head.append(f"  {fmt.span(block.start, block.end)}")
    if block.state is BlockState.CURRENT:
        state = Text(t("dash.left", left=fmt.countdown(block.end - view.now, seconds)), style="bold reverse")
    else:
        state = Text(t(f"block_state.{block.state.value}"), style="bold")
    upcoming = [i for i in block.items if "@" in i.key and i.status in (ItemStatus.UPCOMING, ItemStatus.DUE)]
    following = Text("  " + t("dash.next_due", at=fmt.hm(upcoming[0].due)), style="italic") if upcoming else Text()
    head = hang(head, width, 0, Text.assemble("  ", state), following)
    if badge is not None:
        head.append("\n")
        head.append_text(badge)
    late = [b for b in view.blocks if b.state is BlockState.OVERDUE]
    if late:
        count = sum(1 for b in late for i in b.items if i.status is ItemStatus.OVERDUE)
        head.append("\n" + t("dash.overdue_elsewhere", count=count,
                             blocks=join(b.block.title for b in late)), style="bold red")
    return head
