"""An error as the agent reads it, in one place for every screen and command. A role's
refusal says what may not be done and which roles may in words, not the ids roles.toml
uses (`case.note`, `lead`), which mean nothing to whoever was refused."""

from __future__ import annotations

from shiftboard.errors import ShiftboardError
from shiftboard.i18n import join, t, t_or
from shiftboard.render.fmt import word


def message(error: ShiftboardError) -> str:
    """The error's message in the current language."""
    error = readable(error)
    return t(error.key, **error.params)


def readable(error: ShiftboardError) -> ShiftboardError:
    """The error with its ids in words (a role's refusal: its action and roles; a value not
    among a command's choices: each choice as typed, with what it means)."""
    if error.key == "case.bad_choice":
        name = str(error.params.get("name", ""))
        return ShiftboardError(error.key, **{**error.params, "allowed": typed_list(
            "label" if name == "field" else name, str(error.params.get("allowed", "")))})
    if error.key != "approval.denied":
        return error
    params = dict(error.params)
    allowed = [role for role in str(params.get("allowed", "-")).split(", ") if role and role != "-"]
    params.update(action=action_words(str(params.get("action", ""))), role=role_word(str(params.get("role", ""))),
                  allowed=join(role_word(role) for role in allowed) if allowed else t("team.nobody"))
    return ShiftboardError(error.key, **params)


def action_words(action: str) -> str:
    """`case.note` → "add notes to cases"; a move, `after_sales.agree` → "“agree” (After-sales)"."""
    key = f"team.action.{action}"
    text = t(key)
    if text != key:
        return text
    kind, _, move = action.partition(".")
    return t("team.action_move", move=word("move", move), kind=word("kind", kind))


def role_word(role: str) -> str:
    return t_or(f"team.role_name.{role}", role)


def typed(group: str, value: str) -> str:
    """A value as it is typed on the command line, with its catalogue word when it has one:
    `hard（硬性投诉（产品缺陷））`. "可选：soft, hard" left a Chinese agent to guess which is which."""
    said = t_or(f"case.{group}.{value}", value)
    return value if said == value else t("case.typed_as", value=value, word=said)


def typed_list(group: str, allowed: str) -> str:
    """`typed` for each of a comma-separated list of choices ("-": none)."""
    return ", ".join(typed(group, value) for value in allowed.split(", "))
