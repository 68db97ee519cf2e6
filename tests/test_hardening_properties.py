"""Property tests: whatever text reaches a parser or a command-line value, the answer is a
result or one of our errors (a message with a key), never another exception."""

from __future__ import annotations

import pendulum
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftboard.cli.main import main
from shiftboard.clock import parse_now
from shiftboard.config import parse_config
from shiftboard.domain.cases.clocks import parse_policy
from shiftboard.domain.cases.form import amount_of, validate_input
from shiftboard.domain.cases.model import CaseKind
from shiftboard.domain.cases.rules import parse_rules
from shiftboard.domain.problems import FileProblems, load_toml
from shiftboard.domain.replies.forbidden import parse_forbidden
from shiftboard.domain.replies.greeting import parse_greeting_periods
from shiftboard.domain.replies.library import parse_replies
from shiftboard.domain.shift.playbook import parse_playbook
from shiftboard.domain.reports.completeness import parse_settings
from shiftboard.domain.reports.kpi import parse_kpi_settings
from shiftboard.errors import ShiftboardError
from shiftboard.store.shipped import default_playbook, shipped

# TOML-shaped text: real keys and tables of our files, values of every kind (odd ones included),
# brackets, quotes and stray bytes, so that the search reaches past the syntax check.
_KEYS = st.sampled_from(["id", "title", "start", "end", "every", "items", "text", "schema", "name",
                         "after_close_fee_percent", "at_risk_minutes", "lang", "timezone", "bell",
                         "agent", "shop", "phrase", "rule", "suggest", "periods", "from", "to",
                         "goal", "ack_minutes", "after_sales", "review", "pool", "pass_share", "upto",
                         "points", "late", "complaint", "senior"])
_VALUES = st.one_of(
    st.sampled_from(['"08:30"', '"25:00"', "nan", "inf", "-inf", "1e309", "0", "-1", "99999999999999999999",
                     "true", '""', '"x"', "[]", "{}", '[1, "a"]', '{ a = 1 }', '"""\nmulti\n"""',
                     "2026-11-23", "08:30:00", '"\\u0000"', "'lit'", "[[[1]]]"]),
    st.integers().map(str), st.floats(allow_nan=True).map(repr),
    st.text(max_size=12).map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)
_LINES = st.one_of(
    st.tuples(_KEYS, _VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[[shifts]]", "[[shifts.blocks]]", "[[shifts.blocks.items]]", "[complaints]",
                     "[[categories]]", "[[scripts]]", "[[rules]]", "[[forbidden]]", "[[periods]]",
                     "[cancel]", "[[postage]]", "[after_sales]", "[reviews]", "[completeness]", "[handover]",
                     "[base]", "[points]", "[[refund_rate]]", "# comment", "", "[", "]]"]),
    st.text(max_size=20),
)
TOMLISH = st.lists(_LINES, max_size=25).map("\n".join)
ANY_TEXT = st.one_of(TOMLISH, st.text(max_size=200))

PARSERS = [parse_playbook, parse_policy, parse_rules, parse_replies, parse_forbidden, parse_greeting_periods,
           parse_settings, parse_kpi_settings]
FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
@FAST
@given(text=ANY_TEXT)
def test_team_file_parsers_answer_or_list_problems(parse, text):
    try:
        parse(text)
    except (FileProblems, ShiftboardError):
        pass


@pytest.mark.parametrize("parse", PARSERS, ids=lambda p: p.__name__)
@FAST
@given(data=st.data())
def test_mutations_of_the_shipped_files_answer_or_list_problems(parse, data):
    """Lines of the real shipped files, dropped, repeated or changed, reach the deep checks."""
    source = {parse_playbook: default_playbook("en"), parse_policy: shipped("policy.toml"),
              parse_rules: shipped("rules.toml"), parse_replies: shipped("replies.en.toml"),
              parse_forbidden: shipped("forbidden.zh-CN.toml"),
              parse_greeting_periods: shipped("replies.zh-CN.toml"), parse_settings: shipped("reports.toml"),
              parse_kpi_settings: shipped("kpi.toml")}[parse]
    lines = source.read_text(encoding="utf-8").splitlines()
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        change = data.draw(st.sampled_from(["drop", "repeat", "replace"]))
        if not lines:
            break
        if change == "drop":
            del lines[at]
        elif change == "repeat":
            lines.insert(at, lines[at])
        else:
            lines[at] = data.draw(_LINES)
    try:
        parse("\n".join(lines))
    except (FileProblems, ShiftboardError):
        pass


@FAST
@given(text=ANY_TEXT)
def test_config_and_toml_loading_never_raise(text):
    parse_config(text)
    data, problems = load_toml(text)
    assert isinstance(data, dict) and isinstance(problems, list)


@FAST
@given(value=st.one_of(st.text(max_size=30), st.from_regex(r"[+-]?\d{0,12}[dhms]{0,3}\d{0,6}[dhms]?", fullmatch=True),
                       st.datetimes().map(lambda d: d.isoformat(" "))))
def test_now_values_give_a_clock_in_range_or_our_error(value):
    try:
        clock = parse_now(value, "Asia/Shanghai")
    except ShiftboardError:
        return
    assert 2000 <= clock.now().year <= 2100


@FAST
@given(text=st.one_of(st.text(max_size=20), st.floats(allow_nan=True).map(str), st.integers().map(str)))
def test_amounts_are_finite_and_bounded_or_refused(text):
    amount = amount_of(text)
    assert amount is None or (amount.is_finite() and 0 <= amount < 10 ** 9)


@FAST
@given(values=st.dictionaries(st.sampled_from(["store", "order_no", "buyer", "buyer_phone", "tracking_no",
                                               "quantity", "amount", "courier", "item", "problem", "note",
                                               "ordered_at", "due", "rating", "compensation"]),
                              st.one_of(st.text(max_size=25), st.integers().map(str), st.floats().map(str)),
                              max_size=8),
       kind=st.sampled_from(list(CaseKind)))
def test_case_fields_are_validated_into_values_or_field_errors(values, kind):
    validate_input(kind, values, pendulum.datetime(2026, 11, 23, 9, tz="Asia/Shanghai"))


_CLI_VALUE = st.one_of(st.text(max_size=20), st.sampled_from(["nan", "inf", "1e309", "-1", "+9999999d",
                                                             "9999-12-31", "2026-02-30", "0", "１２３"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(command=st.sampled_from([
    ["status", "--now", "{}"], ["status", "--date", "{}", "--now", "2026-11-23 09:00"],
    ["rules", "cancel", "--ordered", "{}", "--price", "100", "--now", "2026-11-23 09:00"],
    ["rules", "cancel", "--ordered", "2026-11-20 10:00", "--price", "{}", "--now", "2026-11-23 09:00"],
    ["cases", "list", "--due-within", "{}", "--now", "2026-11-23 09:00"],
    ["cases", "list", "--page", "{}", "--now", "2026-11-23 09:00"],
    ["cases", "show", "{}", "--now", "2026-11-23 09:00"],
    ["handover", "list", "--date", "{}", "--now", "2026-11-23 09:00"],
]), value=_CLI_VALUE)
def test_command_line_values_end_in_a_result_or_one_clear_line(tmp_path, command, value):
    args = [value if part == "{}" else part for part in command]
    result = CliRunner().invoke(main, [*args, "--data-dir", str(tmp_path / "data"), "--agent", "Li", "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exc_info)
    assert result.exit_code in (0, 2), (args, result.output)
