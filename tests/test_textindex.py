"""The text index a fragment of a buyer's name is searched in (store/textindex.py)."""

from __future__ import annotations

from shiftboard.store.textindex import TextIndex


def test_a_fragment_is_found_in_the_texts_only_with_each_hits_extra(tmp_path):
    index = TextIndex(tmp_path / "names.txt")
    index.rebuild({"A1": ("王小明", '{"n":1}'), "B2": ("tb_wangxm2019", ""), "C3": ("小明明", "{}")})
    assert list(index.find("小明")) == [("A1", '{"n":1}'), ("C3", "{}")]
    assert list(index.find("xm20")) == [("B2", "")]
    assert list(index.find("A1")) == [] and list(index.find("n")) == [("B2", "")]  # never in an id or extra
    assert list(index.find("王\t")) == [] and list(index.find("")) == []


def test_changes_replace_and_drop_lines_and_keep_the_rest(tmp_path):
    index = TextIndex(tmp_path / "names.txt")
    assert list(index.find("x")) == []  # no file yet
    index.change(added={"A1": ("alice", "1"), "B2": ("bob", "2")})
    index.change(added={"A1": ("alina", "3")}, removed=["B2"])
    assert list(index.find("ali")) == [("A1", "3")] and list(index.find("bob")) == []
    index.change(added={"C3": ("li\tlei\nx", "a\tb")})  # separators in a text never split a line
    assert list(index.find("li lei")) == [("C3", "a\tb")]  # an extra is kept as it was given
    assert list(index.find("alina")) == [("A1", "3")]


def test_a_temp_file_a_killed_writer_left_is_cleared(tmp_path):
    index = TextIndex(tmp_path / "names.txt")
    index.rebuild({"A1": ("alice", "")})
    (tmp_path / ".names.txt.tmp-1-dead").write_bytes(b"half")
    assert index.clean_orphans() == 1 and list(index.find("lic")) == [("A1", "")]
