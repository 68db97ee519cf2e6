"""Playbook parsing and every validation problem, each at its line."""

from __future__ import annotations

import textwrap

import pytest

from shiftboard.domain.shift.playbook import PlaybookError, parse_playbook
from shiftboard.store.shipped import default_playbook

GOOD = """\
schema = 1
name = "t"

[[shifts]]
id = "day"
title = "Day"

[[shifts.blocks]]
id = "a"
title = "A"
start = "08:30"
end = "09:30"

[[shifts.blocks.items]]
id = "x"
text = "X"

[[shifts.blocks]]
id = "b"
title = "B"
start = "09:30"
end = "12:00"

[[shifts.blocks.items]]
id = "y"
text = "Y"
every = 60
"""


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(PlaybookError) as caught:
        parse_playbook(text)
    return [(p.line, p.key) for p in caught.value.problems]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_shipped_playbooks_parse_with_the_same_ids(lang):
    book = parse_playbook(default_playbook(lang).read_text(encoding="utf-8"))
    english = parse_playbook(default_playbook("en").read_text(encoding="utf-8"))
    ids = [(s.id, b.id, i.id) for s in book.shifts for b in s.blocks for i in b.items]
    assert ids == [(s.id, b.id, i.id) for s in english.shifts for b in s.blocks for i in b.items]
    day = book.shift("day")
    assert (day.blocks[0].start, day.blocks[-1].end) == (8 * 60 + 30, 19 * 60 + 30)
    assert day.block("reception").items[2].every == 60
    assert book.shift("night").blocks[-1].items[-1].id == "lock-up"


def test_good_playbook_parses():
    book = parse_playbook(GOOD)
    assert book.shift("day").minutes == 210


def test_syntax_error_has_its_line():
    assert problems(GOOD.replace('title = "B"', 'title = "B')) == [(20, "check.toml_syntax")]


def test_every_problem_is_reported_at_once_with_lines():
    bad = (GOOD.replace('end = "09:30"', 'end = "25:00"')
               .replace('id = "y"', 'id = "x"\ncolour = "red"')
               .replace("every = 60", "every = 600"))
    assert problems(bad) == [
        (12, "check.bad_time"),
        (26, "check.unknown_key"),
        (28, "check.every_too_long"),
    ]


def test_missing_fields_point_at_their_table():
    bad = GOOD.replace('text = "X"\n', "").replace('title = "Day"\n', "")
    assert problems(bad) == [(4, "check.missing"), (13, "check.missing")]


def test_overlapping_blocks():
    assert problems(GOOD.replace('start = "09:30"', 'start = "09:00"')) == [(21, "check.overlap")]


def test_duplicate_ids_and_bad_ids():
    bad = GOOD.replace('id = "b"', 'id = "a"').replace('id = "y"', 'id = "Y y"')
    assert sorted(problems(bad)) == [(19, "check.duplicate_id"), (25, "check.bad_id")]


def test_empty_checklist_and_no_shifts():
    empty = textwrap.dedent("""\
        [[shifts]]
        id = "d"
        title = "D"
        [[shifts.blocks]]
        id = "a"
        title = "A"
        start = "08:00"
        end = "09:00"
        """)
    assert problems(empty) == [(4, "check.empty_checklist")]
    assert problems('name = "nothing"') == [(1, "check.no_shifts")]


def test_wrong_types_and_unknown_queue():
    bad = GOOD.replace('text = "X"', 'text = "X"\nnote_on_skip = "yes"\nqueue = "nowhere"')
    assert problems(bad) == [(17, "check.not_bool"), (18, "check.bad_queue")]


def test_zero_length_block_and_too_long_shift():
    assert problems(GOOD.replace('end = "09:30"', 'end = "08:30"'))[0] == (12, "check.zero_length")
    longer = GOOD.replace('start = "09:30"\nend = "12:00"', 'start = "09:30"\nend = "08:40"')
    assert (4, "check.shift_too_long") in problems(longer)


def test_midnight_crossing_shift_is_valid():
    night = GOOD.replace('"08:30"', '"22:00"').replace('"09:30"', '"23:30"').replace('"12:00"', '"06:00"')
    shift = parse_playbook(night).shift("day")
    assert shift.minutes == 8 * 60
