"""Forbidden-phrase check benchmark (issue 14): recall and false alarms on the labelled corpus
(tests/words_corpus.toml), and the time to check a 500-character draft with the full lists,
each beside an exact-string check of the same lists measured in the same run.

    .venv/bin/python bench/bench_words.py

Prints a table with the targets and PASS/FAIL; see bench/README.md for what each row means.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent)]

from shiftboard.domain.replies.forbidden import PhraseList, find, parse_forbidden  # noqa: E402
from shiftboard.domain.replies.library import parse_replies, placeholders  # noqa: E402
from shiftboard.store.shipped import shipped  # noqa: E402

LANGS = ("zh-CN", "en")
CORPUS = tomllib.loads((HERE.parent / "tests" / "words_corpus.toml").read_text(encoding="utf-8"))
RECALL = {"list_zh": 0.95, "list_zh_hant": 0.95, "list_en": 0.95,
          "paraphrase_zh": 0.90, "paraphrase_zh_hant": 0.90, "paraphrase_en": 0.90}
DRAFT_MS = 5.0
_SYNTAX = re.compile(r"[{}()\[\]*!|]")


def _lists() -> tuple[PhraseList, list[str]]:
    """The shipped lists compiled, and their phrases that are plain text (the exact-string baseline)."""
    texts = [shipped(f"forbidden.{lang}.toml").read_text(encoding="utf-8") for lang in LANGS]
    phrases = sum((parse_forbidden(t) for t in texts), PhraseList((), ()))
    plain = [p.text.casefold() for e in phrases.entries for p in e.phrases if not _SYNTAX.search(p.text)]
    return phrases, plain


def _exact(plain: list[str], draft: str) -> bool:
    folded = draft.casefold()
    return any(p in folded for p in plain)


def _polite() -> list[str]:
    drafts = CORPUS["pass"]["zh"] + CORPUS["pass"]["en"]
    sample = {"greeting": "您好", "shop": "星河旗舰店", "agent": "小李", "buyer": "王女士"}
    for lang in LANGS:
        for script in parse_replies(shipped(f"replies.{lang}.toml").read_text(encoding="utf-8")).scripts:
            drafts.append(script.text.format(**{n: sample.get(n, "3") for n in placeholders(script.text)}))
    return drafts


def _draft_500() -> str:
    """A long reply: polite sentences with two forbidden ones inside, cut to 500 characters."""
    body = "".join(CORPUS["pass"]["zh"][:12]) + "這是規定。" + "".join(CORPUS["pass"]["zh"][12:30]) + "你自己看着办吧。"
    return (body * 3)[:500]


def _ms(action, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def rows() -> list[tuple[str, str, str, str, str]]:
    phrases, plain = _lists()
    table = []
    for section, target in RECALL.items():
        sentences = CORPUS["forbidden"][section]
        ours = sum(bool(find(phrases, s)) for s in sentences) / len(sentences)
        base = sum(_exact(plain, s) for s in sentences) / len(sentences)
        table.append((f"recall, {section} (n={len(sentences)})", f"{ours:.0%}", f"{base:.0%}",
                      f"≥ {target:.0%}", "PASS" if ours >= target else "FAIL"))
    polite = _polite()
    alarms = sum(bool(find(phrases, s)) for s in polite) / len(polite)
    base = sum(_exact(plain, s) for s in polite) / len(polite)
    table.append((f"false alarms (n={len(polite)})", f"{alarms:.1%}", f"{base:.1%}", "0", "PASS" if not alarms else "FAIL"))
    draft = _draft_500()
    find(phrases, draft)  # the converter loads on first use, as in the app: not part of a check
    ours = _ms(lambda: find(phrases, draft), 300)
    exact = _ms(lambda: _exact(plain, draft), 300)
    table.append((f"check a {len(draft)}-char draft, median", f"{ours:.2f} ms", f"{exact:.2f} ms",
                  f"≤ {DRAFT_MS:.0f} ms", "PASS" if ours <= DRAFT_MS else "FAIL"))
    start = time.perf_counter()
    for lang in LANGS:  # a fresh compile: the parser caches by text, so change the text
        parse_forbidden(shipped(f"forbidden.{lang}.toml").read_text(encoding="utf-8") + "\n# bench\n")
    table.append(("compile both lists (once per file)", f"{(time.perf_counter() - start) * 1000:.1f} ms",
                  "-", "", ""))
    return table


def main() -> None:
    header = ("measure", "shiftboard", "exact string", "target", "verdict")
    table = [header, *rows()]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for number, row in enumerate(table):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if number == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
