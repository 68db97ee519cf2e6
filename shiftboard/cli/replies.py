"""`shiftboard lint-reply` and `shiftboard replies`: the reply scripts from a shell.

`lint-reply` checks a draft (a file, or standard input) against the team's forbidden-phrase
list: exit 1 when it finds one, so scripts and editors can refuse to send it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from shiftboard.cli.main import _merged, build_context, global_options, handles_errors, main
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.cli.output import echo, echo_json

STDIN = "-"


def _service(ctx: click.Context, options: dict):
    # Imported here: `shiftboard` without a subcommand must not pay for the reply machinery.
    from shiftboard.services.replies import ReplyService

    context = build_context(_merged(ctx, options), reads_only=True)
    return ReplyService(context.store, context.settings, context.clock)


def _read_draft(source: str) -> str:
    if source == STDIN:
        return sys.stdin.read()
    try:
        return Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ShiftboardError("error.no_file", file=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ShiftboardError("error.draft_unreadable", file=source, detail=str(error)) from None


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` (columns count characters, as editors do)."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _match_json(text: str, match) -> dict:
    line, column = _position(text, match.start)
    return {"line": line, "column": column, "start": match.start, "end": match.end, "text": match.text,
            "phrase": match.phrase, "rule": match.rule.id, "rule_title": match.rule.title,
            "suggestion": match.suggestion}


@main.command(name="lint-reply")
@click.argument("source", required=False, default=STDIN, metavar="[FILE]")
@click.option("--json", "as_json", is_flag=True, help="The matches as JSON.")
@global_options
@click.pass_context
@handles_errors
def lint_reply(ctx: click.Context, source: str, as_json: bool, **options) -> None:
    """Check a draft reply (FILE, or standard input) for forbidden phrases; exit 1 if any."""
    service = _service(ctx, options)
    draft = _read_draft(source)
    matches = service.check(draft)
    if as_json:
        echo_json([_match_json(draft, m) for m in matches])
        sys.exit(1 if matches else 0)
    where = "<stdin>" if source == STDIN else source
    for match in matches:
        line, column = _position(draft, match.start)
        echo(t("lint.match", where=where, line=line, column=column, text=match.text,
                     rule=match.rule.title))
        echo(t("lint.suggest", suggestion=match.suggestion))
    echo(t("lint.found", count=len(matches)) if matches else t("lint.clean"))
    sys.exit(1 if matches else 0)


@main.command(name="replies")
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="The scripts as JSON.")
@global_options
@click.pass_context
@handles_errors
def replies(ctx: click.Context, query: tuple[str, ...], as_json: bool, **options) -> None:
    """List the reply scripts by category, or search them (Chinese, pinyin initials, English)."""
    service = _service(ctx, options)
    text = " ".join(query)
    groups = service.grouped(text)
    if as_json:
        echo(json.dumps([{"id": h.script.id, "category": category.id, "title": h.script.title,
                                "text": h.script.text, "placeholders": list(h.script.placeholders),
                                "uses": h.uses} for category, hits in groups for h in hits],
                              ensure_ascii=False, indent=2))
        return
    if not groups:
        echo(t("lint.no_scripts", query=text))
    for category, hits in groups:
        echo(f"[{category.title}]")
        for hit in hits:
            echo(f"  {hit.script.id}  {hit.script.title}")
            echo(f"      {hit.script.text}")
