"""Both catalogues say the same things: same keys, same placeholders."""

from __future__ import annotations

import string

from shiftboard import i18n


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys_and_placeholders():
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh-CN")
    assert sorted(set(en) ^ set(zh)) == []
    mismatched = [k for k in en if placeholders(en[k]) != placeholders(zh[k])]
    assert mismatched == []


def test_translation_switches_language_and_fills_params():
    i18n.set_language("zh")
    assert i18n.t("cli.noted", item="a.b") == "已给 a.b 添加备注"
    i18n.set_language("en")
    assert i18n.t("cli.noted", item="a.b") == "note added to a.b"


def test_language_names_are_normalised():
    assert [i18n.normalise(x) for x in ("zh", "zh_CN", "EN", "fr", None)] == ["zh-CN", "zh-CN", "en", None, None]


def test_no_key_is_in_two_files_so_the_order_files_are_read_in_changes_nothing():
    """`t` reads a language's first-screen files first and the others on a miss."""
    for lang in i18n.LANGUAGES:
        seen: dict[str, str] = {}
        for path in sorted(i18n._folder(lang).glob("*.toml")):
            for key in i18n.file_messages(path):
                assert key not in seen, f"{lang}: {key} in {seen.get(key)} and {path.name}"
                seen[key] = path.name
        assert all((i18n._folder(lang) / name).exists() for name in i18n.FIRST_FILES)


def test_a_word_outside_the_first_files_is_found():
    i18n.set_language("zh")
    try:
        assert i18n.t("case.status.refunded") == i18n.catalogue("zh-CN")["case.status.refunded"]
    finally:
        i18n.set_language("en")


def test_lists_are_joined_by_the_language_s_own_separator():
    i18n.set_language("zh-CN")
    assert i18n.join(["退货", "漏发"]) == "退货、漏发"
    i18n.set_language("en")
    assert i18n.join(["returns", "missed items"]) == "returns, missed items"


def test_the_first_screen_s_words_are_in_the_first_files():
    """The dashboard's and the app's key labels are read at start-up: one outside the first
    files made `t` read every catalogue file before the first screen (~30 ms)."""
    from shiftboard.tui.app import ShiftboardApp
    from shiftboard.tui.dashboard.screen import KEYS

    for lang in i18n.LANGUAGES:
        first = {k for name in i18n.FIRST_FILES for k in i18n.file_messages(i18n._folder(lang) / name)}
        assert [k.label for k in (*KEYS, *ShiftboardApp.KEYS) if k.label not in first] == []
