"""The `shiftboard` command: the dashboard by default, and subcommands for scripts.

Global options may stand before or after the subcommand:
`shiftboard --agent Li tick overnight.returns` = `shiftboard tick overnight.returns --agent Li`.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from shiftboard import i18n
from shiftboard.clock import Clock, parse_now
from shiftboard.config import Settings, parse_config, system_timezone
from shiftboard.errors import ShiftboardError
from shiftboard.i18n import t
from shiftboard.collector import resume_collection
from shiftboard.store.audit import Actor
from shiftboard.store.store import Store, default_data_dir, private_umask
from shiftboard.store.teamfiles import present, read_team_text
from shiftboard.cli.output import echo

GLOBAL_OPTIONS = ("data_dir", "agent", "lang", "now", "playbook")


def global_options(command):
    """The options every command accepts, before or after its name."""
    options = [
        click.option("--data-dir", type=click.Path(path_type=Path), envvar="SHIFTBOARD_DATA_DIR",
                     help="Team data directory (default: the platform's user data dir)."),
        click.option("--agent", help="Your name, recorded on everything you change."),
        click.option("--lang", type=click.Choice(["zh", "en", "zh-CN"], case_sensitive=False),
                     help="Language (default: config, else the locale)."),
        click.option("--now", help='Pin the clock ("2026-11-23 08:45") or shift it ("+2h").'),
        click.option("--playbook", type=click.Path(path_type=Path), help="Playbook TOML file."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@dataclass
class Context:
    """What one invocation works with, built once from options and the config file."""

    settings: Settings
    clock: Clock
    store: Store


def _merged(ctx: click.Context, local: dict) -> dict:
    """Options given after the subcommand win over those given before it."""
    merged = dict(ctx.find_root().params)
    merged.update({k: v for k, v in local.items() if v is not None})
    return merged


def build_context(options: dict, maintain: bool = True, reads_only: bool = False,
                  as_account: bool = True) -> Context:
    """Settings from the config file and options, the clock, and the opened store.

    `maintain=False` leaves the store's upkeep (archiving, orphan temp files) to the caller:
    the dashboard does it after its first screen is drawn. `reads_only` (commands that only
    show or check) writes nothing at all: no data dir made, no upkeep. Once the team has
    accounts, the agent must be one of them (`as_account=False`: the commands that manage them).
    """
    private_umask()
    data_dir = Path(options.get("data_dir") or default_data_dir()).expanduser()
    config_path = data_dir / "config.toml"
    values = _config_values(data_dir)
    lang = i18n.normalise(options.get("lang")) or values.get("lang") or i18n.from_environment()
    i18n.set_language(lang)
    timezone = values.get("timezone") or system_timezone()
    settings = Settings(
        data_dir=data_dir,
        agent=options.get("agent") or values.get("agent") or _login_name(),
        lang=lang, timezone=timezone, bell=values.get("bell", True), shop=values.get("shop", ""),
        theme=values.get("theme", ""), action_lead=values.get("action_lead", 10),
        playbook=options.get("playbook"),
        # Nothing to ask when both answers came on the command line.
        first_run=not present(config_path) and not (options.get("agent") and options.get("lang")),
    )
    clock = parse_now(options.get("now"), timezone)
    store = Store(data_dir, clock, create=not reads_only)
    if as_account:
        _sign_in_terminal(settings, store)
    settings.session = session_label()
    store.audit.actor = Actor(settings.agent, settings.role, settings.session)
    if maintain and not reads_only:
        store.maintain()
    return Context(settings, clock, store)


def _config_values(data_dir: Path) -> dict:
    """The usable values of the data dir's config ({} when it has none). A config with
    problems still yields its good values; `check` reports the rest."""
    config_path = data_dir / "config.toml"
    return parse_config(read_team_text(config_path))[0] if present(config_path) else {}


def session_label() -> str:
    """Where this process's changes come from: the browser session `shiftboard serve` started
    it for (its environment), else this terminal."""
    served = os.environ.get("SHIFTBOARD_SESSION")
    if served:
        return served
    try:
        return f"tty:{os.ttyname(sys.stdin.fileno())}"
    except (OSError, ValueError):
        return "cli"


def _sign_in_terminal(settings: Settings, store: Store) -> None:
    """With accounts, the agent is an enabled account and acts in its role; its name is never
    asked again (a first-run dialog must not rename a signed-in agent)."""
    if not store.has_accounts_file():  # most terminals: nothing to load or check
        return
    from shiftboard.services.team import account_at_terminal

    account = account_at_terminal(store, settings.agent)
    if account is not None:
        settings.role, settings.first_run = account["role"], False


def _login_name() -> str:
    import getpass  # only when no agent is given or configured (it loads termios)

    return getpass.getuser()


def _fail(error: ShiftboardError) -> None:
    from shiftboard.services.shift import InvalidFile

    if isinstance(error, InvalidFile):
        for problem in error.problems:
            echo(f"{error.path}:{problem.line}: {t(problem.key, **problem.params)}", err=True)
    from shiftboard.render.messages import message  # not needed until something fails

    echo(t("cli.error", message=message(error)), err=True)
    sys.exit(2)


def _warn_damaged() -> None:
    """Name each damaged record a command met (and skipped) once, on stderr."""
    from shiftboard.store.collection import DAMAGED

    for (file, record_id), reason in sorted(DAMAGED.items()):
        echo(t("error.damaged_skipped", file=file, id=record_id, reason=reason), err=True)
    DAMAGED.clear()


def handles_errors(function):
    """Turn ShiftboardError into a translated message and exit code 2; never a traceback."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ShiftboardError as error:
            _fail(error)
        except BrokenPipeError:  # `shiftboard replies | head`: the reader had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as error:  # the file system said no (full disk, a path that vanished)
            _fail(ShiftboardError("error.file_system", file=error.filename or "?",
                                  detail=error.strerror or str(error)))
        finally:
            _warn_damaged()

    return wrapper


def shift_service(context: Context):
    from shiftboard.services.shift import ShiftService, load_playbook, playbook_path

    playbook = load_playbook(playbook_path(context.settings, context.store), context.store)
    return ShiftService(context.store, playbook, context.clock, context.settings.agent)


class Commands(click.Group):
    """The commands live in their own modules (one per group) and are imported when named
    (or listed by --help), not at every start: the dashboard, which takes no command, need
    not pay for them."""

    ELSEWHERE = {"status": "shift", "tick": "shift", "untick": "shift", "skip": "shift",
                 "note": "shift", "check": "check", "rules": "cases", "cases": "cases",
                 "handover": "handover", "lint-reply": "replies", "replies": "replies",
                 "restore": "restore", "report": "report", "kpi": "report", "import": "importing",
                 "team": "team", "serve": "serve", "audit": "audit"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.ELSEWHERE})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.ELSEWHERE:
            importlib.import_module(f"shiftboard.cli.{self.ELSEWHERE[name]}")  # registers it on `main`
        return super().get_command(ctx, name)


@click.group(cls=Commands, invoke_without_command=True)
@global_options
@click.option("--demo", is_flag=True, help="Open a throw-away data dir with a realistic day.")
@click.version_option(package_name="shiftboard")
@click.pass_context
@handles_errors
def main(ctx: click.Context, demo: bool, **options) -> None:
    """shiftboard — the customer-service shift, step by step, in your terminal.

    Without a command, opens the dashboard.
    """
    if ctx.invoked_subcommand is not None:
        resume_collection()
        return
    run_dashboard(options, demo=demo)


def run_dashboard(options: dict, demo: bool) -> None:
    """Open the dashboard; `demo` works on a throw-away data dir holding a realistic day."""
    demo_dir = None
    if demo:
        import tempfile

        demo_dir = Path(tempfile.mkdtemp(prefix="shiftboard-demo-"))
        # The demo speaks the agent's own language (and name) from their config, if they have one.
        own = _config_values(Path(options.get("data_dir") or default_data_dir()).expanduser())
        options = {**options, "data_dir": demo_dir, "lang": options.get("lang") or own.get("lang")}
    context = build_context(options, maintain=False)
    if demo:
        from shiftboard.demo import demo_clock, fill_demo

        context.settings.demo = True
        if not options.get("now"):
            context.clock = demo_clock(context.settings.timezone)
            context.store.clock = context.clock
        fill_demo(context.settings, context.clock, context.store)
    from shiftboard.tui.app import create_app

    try:
        create_app(context.settings, context.clock, context.store, maintain=True).run()
    finally:
        if demo_dir is not None:
            import shutil

            shutil.rmtree(demo_dir, ignore_errors=True)
