"""`shiftboard lint-reply` and `shiftboard replies` as a shell script would call them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.fixture
def sb(tmp_path):
    def run(*args: str, input: str | None = None, now: str = "2026-11-23 09:00") -> subprocess.CompletedProcess:
        env = {"SHIFTBOARD_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
               "TZ": "Asia/Shanghai"}
        return subprocess.run([sys.executable, "-m", "shiftboard", *args, "--now", now],
                              capture_output=True, text=True, env=env, input=input, timeout=60)
    return run


def test_lint_reply_from_stdin_exit_1_with_rule_and_suggestion(sb):
    out = sb("lint-reply", "--lang", "zh", input="亲，这是 规定！你找快递去吧。")
    assert out.returncode == 1, out.stderr
    assert "<stdin>:1:3: “这是 规定”——不顶撞、反驳、说教" in out.stdout
    assert "建议改为：快递的问题我来帮您联系处理" in out.stdout
    assert "发现 2 处服务忌语" in out.stdout


def test_lint_reply_clean_draft_exit_0(sb):
    out = sb("lint-reply", "-", "--lang", "en", input="Thank you for waiting, your parcel ships today.")
    assert (out.returncode, out.stdout.strip()) == (0, "no forbidden phrases")


def test_lint_reply_file_with_lines_and_json(sb, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Hello!\nRules are rules. Take it up with the courier.\n", encoding="utf-8")
    out = sb("lint-reply", str(draft), "--lang", "en")
    assert out.returncode == 1
    assert f"{draft}:2:18: “Take it up with the courier”" in out.stdout
    found = json.loads(sb("lint-reply", str(draft), "--json", "--lang", "en").stdout)
    assert [(m["line"], m["column"], m["rule"]) for m in found] == [(2, 1, "contradict"), (2, 18, "provoke")]


def test_lint_reply_errors_exit_2_without_traceback(sb, tmp_path):
    missing = sb("lint-reply", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr and "nope.txt" in missing.stderr
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00bad")
    assert sb("lint-reply", str(tmp_path / "bin.txt")).returncode == 2
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "forbidden.toml").write_text('[rules]\nblame = "x"\n', encoding="utf-8")
    broken = sb("lint-reply", "--lang", "en", input="hello")
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert f"{tmp_path / 'data' / 'forbidden.toml'}:1: the list has no [[forbidden]] phrases" in broken.stderr


def test_replies_lists_and_searches(sb):
    found = sb("replies", "hy", "--lang", "zh")
    assert found.returncode == 0
    assert found.stdout.startswith("[问候]\n  greeting-welcome  欢迎语\n")
    scripts = json.loads(sb("replies", "--json", "--lang", "en").stdout)
    assert len(scripts) >= 40 and scripts[0]["category"] == "greeting"
    assert "no script matches" in sb("replies", "zzzq", "--lang", "en").stdout


def test_check_validates_the_team_reply_files(sb, tmp_path):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "replies.toml").write_text(
        '[greetings]\nmorning = "早"\ndefault = "好"\n[categories]\ng = "问候"\n'
        '[[scripts]]\nid = "a"\ncategory = "g"\ntitle = "t"\ntext = "{Buyer}"\n', encoding="utf-8")
    out = sb("check", "--lang", "en")
    assert out.returncode == 2
    assert f"{tmp_path / 'data' / 'replies.toml'}:10: {{Buyer}} is not a usable placeholder" in out.stdout
    assert "forbidden.en.toml: ok" in out.stdout


def test_check_names_a_year_the_holiday_calendar_does_not_know(sb):
    assert sb("check", "--lang", "en").returncode == 0
    out = sb("check", "--lang", "en", now="2099-01-05 09:00")
    assert out.returncode == 0  # a notice: the greeting falls back, the files still work
    assert "replies.en.toml: warning: the holiday calendar does not know 2099 yet" in out.stdout


@pytest.mark.parametrize("draft", ["这是规定", "這是規定。Didn't you read the page?", "Not my problem"])
def test_lint_reply_hits_the_same_whatever_the_language(sb, draft):
    found = {lang: json.loads(sb("lint-reply", "--json", "--lang", lang, input=draft).stdout) for lang in ("zh", "en")}
    assert [(m["start"], m["end"], m["rule"]) for m in found["zh"]] == \
        [(m["start"], m["end"], m["rule"]) for m in found["en"]] != []
