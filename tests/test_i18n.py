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
