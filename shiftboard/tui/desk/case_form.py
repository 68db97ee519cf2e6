"""The case form: new or edit, one compact row per field of the kind, checked as the agent
types (the problem shows under the field), saved with ctrl+s.

Nothing typed is lost: a refused save (bad input, or another agent's change since the form
opened) keeps every input, says why, and shows what the other agent changed; saving again
then writes only the fields this agent touched, so the other agent's change stays too. The
typed fields are drafted to disk about a second after the last key and offered back when the
same agent opens the same form again (`KeepsDrafts`), so a terminal that dies loses nothing.
"""

from __future__ import annotations

from pendulum import DateTime
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Label, Select, Static

from shiftboard.domain.cases.form import DEFAULTS, REQUIRED, FieldError, FieldSpec, Rule
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.desk import parse_time
from shiftboard.domain.privacy import PERSONAL, masked
from shiftboard.errors import ShiftboardError
from shiftboard.render.fmt import word
from shiftboard.i18n import join, t
from shiftboard.render.messages import message
from shiftboard.services.cases import CaseInputError
from shiftboard.tui.drafts import KeepsDrafts
from shiftboard.tui.keybar import KeyBar
from shiftboard.tui.keys import Key, localize
from shiftboard.tui.modals import Choice
from shiftboard.tui.toggles import StateCheckbox

KEYS = (
    Key("ctrl+s", "save", "case_form.keys.save", display="^s", priority=True),
    Key("escape", "cancel", "case_form.keys.cancel", display="Esc"),
)
TIMES = {"promised_at", "final_at", "confirm_by"}
#: Rules whose inputs show what is expected before anything is typed.
HINTED = {Rule.DIGITS, Rule.TRACKING, Rule.QUANTITY, Rule.AMOUNT, Rule.PHONE, Rule.TIME}


def initial_text(name: str, value: object, now: DateTime) -> object:
    """A stored value as the form shows it to edit (times in the team's zone, minutes only)."""
    if value is None:
        return ""
    if name in TIMES:
        moment = parse_time(value, now.timezone_name)
        return moment.strftime("%Y-%m-%d %H:%M") if moment else str(value)
    return value if isinstance(value, bool) else str(value)


class CaseForm(KeepsDrafts, Screen):
    """Dismisses with the saved case, or None when the agent leaves without saving."""

    DEFAULT_CSS = """
    CaseForm #form-head { height: auto; padding: 0 1; background: $boost; }
    CaseForm #form-problem { height: auto; padding: 0 1; color: $error; text-style: bold; display: none; }
    CaseForm #form-problem.shown { display: block; }
    CaseForm VerticalScroll { padding: 0 1; }
    CaseForm .row { height: 1; }
    CaseForm .label { width: 24; }
    CaseForm .row > Input, CaseForm .row > Select { width: 1fr; }
    CaseForm .error { color: $error; padding-left: 24; height: auto; display: none; }
    CaseForm .error.shown { display: block; }
    """

    AUTO_FOCUS = "#f-store"  # every kind has a store; the scroll container would take the first Tab

    def __init__(self, kind: CaseKind, case: dict | None = None) -> None:
        super().__init__()
        localize(self, KEYS)
        self.kind, self.case = kind, case
        self.specs: tuple[FieldSpec, ...] = ()
        self.initial: dict[str, object] = {}
        self.touched: set[str] = set()

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        cases, now = self.app.cases, self.app.clock.now()
        editing = self.case is not None
        self.specs = tuple(s for s in cases.fields(self.kind) if not (editing and s.name == "note"))
        start = self.case or {**DEFAULTS.get(self.kind, {}), "handler": self.app.settings.agent}
        self.initial = {s.name: initial_text(s.name, start.get(s.name), now) for s in self.specs}
        for spec in self.specs:
            if spec.rule is Rule.FLAG:
                self.initial[spec.name] = bool(self.initial[spec.name])
            elif spec.name in PERSONAL:  # shown masked as a hint; the field stays empty unless retyped
                self.initial[spec.name] = ""
        yield Static(id="form-head")
        yield Static(id="form-problem")
        with VerticalScroll():
            for spec in self.specs:
                with Horizontal(classes="row"):
                    yield Label(self._label(spec), classes="label")
                    yield self._widget(spec)
                yield Label("", id=f"e-{spec.name}", classes="error")
        yield KeyBar()

    def _label(self, spec: FieldSpec) -> str:
        mark = " *" if spec.name in REQUIRED[self.kind] else ""
        return word("label", spec.name) + mark

    def _widget(self, spec: FieldSpec):
        value, wid = self.initial[spec.name], f"f-{spec.name}"
        if spec.rule is Rule.FLAG:
            return StateCheckbox(t("case.yes"), value=bool(value), id=wid, compact=True)
        if spec.rule is Rule.CHOICE:
            options = [(word(spec.name, choice), choice) for choice in spec.choices]
            return Select(options, value=value or Select.NULL, id=wid, compact=True, prompt=t("case_form.pick"),
                          allow_blank=spec.name not in REQUIRED[self.kind])
        return Input(str(value), placeholder=self._hint(spec), id=wid, compact=True)

    def _hint(self, spec: FieldSpec) -> str:
        if spec.name in PERSONAL and self.case and self.case.get(spec.name):
            return t("case_form.keep_hidden", value=masked(self.case)[spec.name])
        if spec.name == "compensation":
            amount = self.app.cases.suggested_compensation(self._value_of("rating") if self.is_mounted else None)
            if amount:
                return t("case_form.default_amount", amount=amount)
        return t(f"case_form.hint.{spec.rule.value}") if spec.rule in HINTED else ""

    def on_mount(self) -> None:
        self._head()
        self.start_drafts()

    def _head(self) -> None:
        head = t("case_form.edit_title" if self.case else "case_form.new_title", kind=word("kind", self.kind.value))
        self.query_one("#form-head", Static).update(f"[b]{head}[/b]\n[dim]{t('case_form.hint_line')}[/dim]")

    @property
    def draft_place(self) -> str:
        """A new case of this kind, or the edit of this case."""
        return f"case_form:{self.case['id']}" if self.case else f"case_form:new:{self.kind.value}"

    def dismiss(self, result=None):
        """Saved, or left without saving after the agent chose to discard: the draft goes."""
        self.drop_draft()
        return super().dismiss(result)

    # -- reading the inputs ----------------------------------------------------------------

    def _value_of(self, name: str) -> object:
        widget = self.query_one(f"#f-{name}")
        if isinstance(widget, Select):
            return "" if widget.value in (Select.NULL, Select.BLANK) else widget.value
        return widget.value

    def values(self) -> dict[str, object]:
        return {spec.name: self._value_of(spec.name) for spec in self.specs}

    def changed(self) -> dict[str, object]:
        """The fields this agent changed since the form opened (an edit sends only these)."""
        return {name: value for name, value in self.values().items() if value != self.initial[name]}

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed(event.input.id)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._typed(event.select.id)
        if event.select.id == "f-rating" and any(s.name == "compensation" for s in self.specs):
            self.query_one("#f-compensation", Input).placeholder = self._hint(
                next(s for s in self.specs if s.name == "compensation"))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._typed(event.checkbox.id)

    def _typed(self, widget_id: str | None) -> None:
        name = (widget_id or "")[2:]
        if name not in self.initial or self._value_of(name) == self.initial[name] and name not in self.touched:
            return
        self.touched.add(name)
        value = self._value_of(name)
        problem = None if (name in PERSONAL and value == "" and self.case) else \
            self.app.cases.check_field(self.kind, name, value)
        self._show_error(name, problem)

    def _show_error(self, name: str, problem: FieldError | None) -> None:
        label = self.query_one(f"#e-{name}", Label)
        label.update(t(problem.key, **problem.params) if problem else "")
        label.set_class(problem is not None, "shown")

    # -- saving ----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.case is None:
            values = {name: value for name, value in self.values().items() if value not in ("", None)}
            job = lambda: self.app.cases.add(self.kind, values)  # noqa: E731
        else:
            values = self.changed()
            if not values:
                self.dismiss(None)
                return
            case_id, version = self.case["id"], self.case["version"]
            job = lambda: self.app.cases.edit(case_id, version, values)  # noqa: E731
        self._problem("")
        self.app.submit(job, done=self.dismiss, failed=self._refused)

    def _refused(self, error: ShiftboardError) -> None:
        """Keep every input; say what is wrong, where."""
        if isinstance(error, CaseInputError):
            for name, problem in error.errors.items():
                if name in self.initial:
                    self.touched.add(name)
                    self._show_error(name, problem)
            self._problem(t(error.key, fields=join(word("label", n) for n in error.errors)))
            first = next((n for n in self.initial if n in error.errors), None)
            if first:
                self.query_one(f"#f-{first}").focus()
            return
        said = message(error)
        if error.key == "case.stale" and self.case is not None:
            said += self._their_change()
        self._problem(said)

    def _their_change(self) -> str:
        """Take the case as it now stands as the base (so saving again is possible) and list
        what the other agent changed, field by field."""
        try:
            fresh = self.app.cases.get(self.case["id"])
        except ShiftboardError:
            return ""
        now = self.app.clock.now()
        lines = [t("case_form.their_change", field=word("label", s.name),
                   before=initial_text(s.name, self.case.get(s.name), now) or "-",
                   after=initial_text(s.name, fresh.get(s.name), now) or "-")
                 for s in self.specs if s.name not in PERSONAL and self.case.get(s.name) != fresh.get(s.name)]
        if self.case.get("status") != fresh.get("status"):
            lines.append(t("case_form.their_change", field=t("desk.col.status"),
                           before=word("status", self.case.get("status")), after=word("status", fresh.get("status"))))
        self.case = fresh
        return "\n" + "\n".join(lines + [t("case_form.save_again")])

    def _problem(self, text: str) -> None:
        box = self.query_one("#form-problem", Static)
        box.update(text)
        box.set_class(bool(text), "shown")

    # -- leaving ---------------------------------------------------------------------------

    def action_cancel(self) -> None:
        """Leaving a form with typed input asks first: what a person typed is never dropped silently."""
        if not self.changed():
            self.dismiss(None)
            return

        def answered(choice: str | None) -> None:
            if choice == "discard":
                self.dismiss(None)

        self.app.push_screen(Choice(t("case_form.discard_title"), [("keep", t("case_form.keep_editing")),
                                                                   ("discard", t("case_form.discard"))], "keep"),
                             answered)

    def relabel(self) -> None:
        localize(self, KEYS)
        self._head()
        for spec in self.specs:
            self.query_one(f"#f-{spec.name}").parent.query_one(Label).update(self._label(spec))
