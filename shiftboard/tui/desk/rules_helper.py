"""The rules helper: who pays the return postage, and what cancelling an order costs.

Two tabs, keyboard only. Each answer follows the agent's choices as they move or type, from
the team's rules file (the data dir's rules.toml, else the shipped one). A broken file is
reported and the screen says so: it never answers from a guess.
"""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from shiftboard.domain.cases.form import FieldError, check_field
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.desk import parse_time
from shiftboard.domain.cases.rules import (DELIVERIES, ITEM_KINDS, OUTCOMES, SITUATIONS, STORE_TYPES, CancelAnswer,
                                     NEEDS, Rules, cancel_cost, who_pays)
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t
from shiftboard.render.messages import message
from shiftboard.services.case_files import load_rules
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import HELP_KEY, Key, KeyedScreen, localize

KEYS = (
    Key("escape", "close", "tools.keys.close", display="Esc"),
    Key("ctrl+t", "switch", "tools.keys.switch", display="^t"),
    HELP_KEY,
)
#: The pickers: their id → the catalogue group of their words, their choices (the first is
#: where each starts).
PICKERS = {"store_type": ("tools.store", STORE_TYPES), "situation": ("tools.situation", SITUATIONS),
           "item_kind": ("tools.kind", ITEM_KINDS), "delivery": ("tools.delivery", DELIVERIES)}
#: The columns of the postage table, after the situation.
COLUMNS = tuple((store, outcome) for store in STORE_TYPES for outcome in OUTCOMES)
#: The typed fields: their id, their hint, and the case-form rule that reads them (a time is
#: "2026-11-23 15:00" or "15:00" today, in the team's zone; a price has two decimals at most).
TYPED = (("ordered", "tools.rules.time_hint", "promised_at"), ("price", "tools.rules.price_hint", "amount"),
         ("received", "tools.rules.time_hint", "promised_at"))


class RulesHelper(KeyedScreen, Screen):
    """Answers "who pays the return postage?" and "what does cancelling cost?"."""

    HELP_NOTES = "tools.rules.help"

    DEFAULT_CSS = """
    RulesHelper TabPane { padding: 0 1; }
    RulesHelper #broken { color: $error; padding: 1 2; display: none; }
    RulesHelper .pickers { height: auto; }
    RulesHelper OptionList { height: auto; border: round $primary-darken-2; padding: 0; }
    RulesHelper OptionList:focus { border: round $accent; }
    RulesHelper #store_type { width: 24; }
    RulesHelper #situation, RulesHelper #delivery { width: 1fr; }
    RulesHelper #item_kind { width: 24; }
    RulesHelper .answer { height: auto; border: round $success; padding: 0 1; }
    RulesHelper .answer.refused { border: round $error; }
    RulesHelper .answer.waiting { border: round $primary-darken-2; color: $text-muted; }
    RulesHelper #postage_table { height: auto; margin-top: 1; }
    RulesHelper #legend { color: $text-muted; width: 1fr; }
    RulesHelper .row { height: auto; margin-bottom: 1; }
    RulesHelper .row Label.name { width: 14; }
    RulesHelper .row Input { width: 26; }
    RulesHelper .row .problem { width: 1fr; color: $error; padding-left: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rules: Rules | None = None
        localize(self, KEYS)

    def compose(self) -> ComposeResult:
        yield Label("", id="broken")
        with TabbedContent(id="questions"):
            with TabPane(t("tools.rules.postage"), id="postage"):
                with Horizontal(classes="pickers"):
                    yield self._picker("store_type")
                    yield self._picker("situation")
                yield Static(id="payers", classes="answer")
                yield DataTable(id="postage_table", show_cursor=True, cursor_type="row", header_height=2)
                yield Label("", id="legend")
            with TabPane(t("tools.rules.cancel"), id="cancel"):
                for name, _hint, _rule in TYPED[:2]:
                    yield self._typed(name)
                with Horizontal(classes="pickers"):
                    yield self._picker("item_kind")
                    yield self._picker("delivery")
                yield self._typed("received")
                yield Static(id="cancel_answer", classes="answer")
        yield KeyBar()

    def _picker(self, name: str) -> OptionList:
        return OptionList(*(Option(value, id=value) for value in PICKERS[name][1]), id=name)

    def _typed(self, name: str) -> Horizontal:
        return Horizontal(Label("", classes="name", id=f"{name}_label"), Input(id=name, compact=True),
                          Label("", classes="problem", id=f"{name}_error"), classes="row")

    def on_mount(self) -> None:
        self.query_one("#postage_table", DataTable).can_focus = False
        for name in PICKERS:
            self.query_one(f"#{name}", OptionList).highlighted = 0
        try:
            self.rules = load_rules(self.app.store)
        except ShiftboardError as error:
            self.app.report(error)
            broken = self.query_one("#broken", Label)
            broken.update(t("tools.rules.broken", problem=message(error)))
            broken.display = True
            self.query_one(TabbedContent).display = False
            return
        self._words()
        self.query_one("#store_type", OptionList).focus()

    def relabel(self) -> None:
        localize(self, KEYS)
        if self.rules is not None:
            self._words()

    def _words(self) -> None:
        """Every word on the screen in the current language, then both answers."""
        tabs = self.query_one(TabbedContent)
        tabs.get_tab("postage").label = t("tools.rules.postage")
        tabs.get_tab("cancel").label = t("tools.rules.cancel")
        for name, (group, choices) in PICKERS.items():
            options = self.query_one(f"#{name}", OptionList)
            options.border_title = t(f"tools.rules.{name}")
            for index, value in enumerate(choices):
                options.replace_option_prompt_at_index(index, t(f"{group}.{value}"))
        for name, hint, _rule in TYPED:
            self.query_one(f"#{name}_label", Label).update(t(f"tools.rules.{name}"))
            self.query_one(f"#{name}", Input).placeholder = t(hint)
        self.query_one("#payers", Static).border_title = t("tools.rules.answer")
        self.query_one("#cancel_answer", Static).border_title = t("tools.rules.answer")
        self.query_one("#legend", Label).update(t("tools.rules.legend"))
        self._postage_table()
        self._postage()
        self._cancel()

    def _picked(self, name: str) -> str:
        option = self.query_one(f"#{name}", OptionList).highlighted_option
        return option.id if option is not None and option.id else PICKERS[name][1][0]

    # -- who pays the return postage -----------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.rules is None:
            return
        if event.option_list.id in ("store_type", "situation"):
            self._postage()
        else:
            self._cancel()

    def _payer(self, store_type: str, situation: str, outcome: str, short: bool = False) -> str:
        payer = who_pays(self.rules, store_type, situation, outcome)
        group = "tools.payer_short" if short else "rules.payer"
        return t(f"{group}.{payer}", **self.rules.payer_params())

    def _postage(self) -> None:
        store_type, situation = self._picked("store_type"), self._picked("situation")
        answer = Text()
        for outcome in OUTCOMES:
            answer.append(t("tools.rules.outcome", outcome=t(f"rules.outcome.{outcome}")), style="bold")
            answer.append(self._payer(store_type, situation, outcome) + "\n")
        answer.rstrip()
        self.query_one("#payers", Static).update(answer)
        table = self.query_one("#postage_table", DataTable)
        for (store, outcome), column in zip(COLUMNS, list(table.columns.values())[1:]):
            column.label = self._heading(store, outcome, picked=store == store_type)
        table.refresh()
        table.move_cursor(row=SITUATIONS.index(situation))

    def _heading(self, store: str, outcome: str, picked: bool) -> Text:
        return Text(f"{t('tools.store.' + store)}\n{t('rules.outcome.' + outcome)}",
                    style="bold reverse" if picked else "")

    def _postage_table(self) -> None:
        """Every situation × store type × outcome, at a glance (the picked ones stand out)."""
        table = self.query_one("#postage_table", DataTable)
        table.clear(columns=True)
        table.add_column("")
        for store, outcome in COLUMNS:
            table.add_column(self._heading(store, outcome, picked=False))
        for row in SITUATIONS:
            table.add_row(t(f"tools.situation_short.{row}"),
                          *(self._payer(store, row, outcome, short=True) for store, outcome in COLUMNS))

    # -- what cancelling costs -----------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.rules is not None:
            self._cancel()

    def _read(self, name: str, rule: str, needed: bool) -> tuple[object, bool]:
        """A typed field read by its case-form rule: (clean value or None, whether it is bad);
        its problem shows beside it. A field the answer does not need is left unjudged."""
        text = self.query_one(f"#{name}", Input).value.strip()
        problem: FieldError | None = None
        value = None
        if needed and text:
            problem, value = check_field(CaseKind.AFTER_SALES, rule, text, self.app.clock.now())
        self.query_one(f"#{name}_error", Label).update(t(problem.key, **problem.params) if problem else "")
        return value, problem is not None

    def _cancel(self) -> None:
        kind, delivery = self._picked("item_kind"), self._picked("delivery")
        received = self.query_one("#received", Input)
        received.disabled = "received" not in NEEDS[delivery]
        now = self.app.clock.now()
        values, bad, missing = {}, False, []
        for name, _hint, rule in TYPED:
            needed = name in NEEDS[delivery]
            values[name], wrong = self._read(name, rule, needed)
            bad = bad or wrong
            if needed and values[name] is None and not wrong:
                missing.append(t(f"tools.rules.{name}"))
        if kind not in self.rules.cancel.not_cancellable and (bad or missing):
            self._show_cancel(t("tools.rules.needs", fields=join(missing)) if missing else "", None)
            return
        try:
            answer = cancel_cost(self.rules, parse_time(values["ordered"], now.timezone_name) or now, now,
                                 Decimal(str(values["price"] or 0)), kind, delivery,
                                 parse_time(values["received"], now.timezone_name))
        except ShiftboardError as error:
            self._show_cancel(message(error), False)
            return
        self._show_cancel(self._cancel_text(answer), answer.allowed)

    def _cancel_text(self, answer: CancelAnswer) -> str:
        cancel = self.rules.cancel
        until = answer.until.strftime("%Y-%m-%d %H:%M") if answer.until else ""
        lines = [t(answer.reason, fee=answer.fee, hours=cancel.free_hours, days=cancel.return_days, until=until)]
        lines += [f"  • {t(condition)}" for condition in answer.conditions]
        return "\n".join(lines)

    def _show_cancel(self, text: str, allowed: bool | None) -> None:
        """The answer, framed green when allowed, red when not, grey while fields are missing."""
        shown = self.query_one("#cancel_answer", Static)
        shown.update(text)
        shown.set_class(allowed is False, "refused")
        shown.set_class(allowed is None, "waiting")

    # -- keys ----------------------------------------------------------------------------

    def action_switch(self) -> None:
        if self.rules is None:
            return
        tabs = self.query_one(TabbedContent)
        tabs.active = "cancel" if tabs.active == "postage" else "postage"
        self.query_one("#store_type" if tabs.active == "postage" else "#ordered").focus()

    def action_close(self) -> None:
        self.dismiss(None)
