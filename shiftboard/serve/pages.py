"""The sign-in page: plain HTML, no script, every word through the catalogue, in the language
the browser asks for (Accept-Language), or the one picked with the switch on the page."""

from __future__ import annotations

from html import escape

from shiftboard.i18n import normalise, translate

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#1e1e2e;color:#e0e0e0;
display:flex;justify-content:center;align-items:center;height:100vh;margin:0}
form{background:#2b2b3c;padding:2em 2.5em;border-radius:8px;min-width:18em}
h1{font-size:1.3em;margin-top:0} label{display:block;margin:.8em 0 .2em}
input{width:100%;padding:.4em;font-size:1em;box-sizing:border-box}
button{margin-top:1.2em;padding:.5em 1.5em;font-size:1em}
.problem{color:#ff8080;margin:.8em 0 0} .note{color:#a0d0a0;margin:.8em 0 0}
nav{margin-top:1.2em;font-size:.9em;color:#a0a0b0} nav a{color:#a0c0ff;margin-left:.6em}
nav a[aria-current]{color:#e0e0e0;text-decoration:none;font-weight:bold}
"""
#: The switch's choices, each named in its own language.
CHOICES = (("zh-CN", "中文"), ("en", "English"))


def browser_language(header: str | None) -> str | None:
    """The first of our languages in an Accept-Language header, by preference (q), or None."""
    ranked = []
    for order, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        lang = normalise(tag) or normalise(tag.split("-")[0])
        if lang and weight > 0:
            ranked.append((-weight, order, lang))
    return min(ranked)[2] if ranked else None


def signin_page(lang: str, problem_key: str | None = None, name: str = "", note_key: str | None = None,
                **params: object) -> str:
    """The form in `lang`; after a refusal, `problem_key` says why (never which of name or
    password); `note_key` says what happened before (signed out, the session ended)."""
    def say(key: str, **values: object) -> str:
        return escape(translate(lang, key, **values))

    problem = f'<p class="problem" id="problem">{say(problem_key, **params)}</p>' if problem_key else ""
    note = f'<p class="note" id="note">{say(note_key)}</p>' if note_key else ""
    switch = " ".join(f'<a href="/signin?lang={code}" lang="{code}" id="lang-{code}"'
                      f'{" aria-current=true" if code == lang else ""}>{label}</a>' for code, label in CHOICES)
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{say("serve.title")}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{STYLE}</style></head>
<body><form method="post" action="/signin">
<h1>{say("serve.title")}</h1>{note}
<input type="hidden" name="lang" value="{lang}">
<label for="name">{say("serve.name")}</label>
<input id="name" name="name" autocomplete="username" required autofocus value="{escape(name)}">
<label for="password">{say("serve.password")}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="signin" type="submit">{say("serve.signin")}</button>{problem}
<nav>{say("serve.language")} {switch}</nav>
</form></body></html>"""
