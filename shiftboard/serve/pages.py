"""The sign-in page: plain HTML, no script, every word through the catalogue."""

from __future__ import annotations

from html import escape

from shiftboard.i18n import language, t

STYLE = """
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;background:#1e1e2e;color:#e0e0e0;
display:flex;justify-content:center;align-items:center;height:100vh;margin:0}
form{background:#2b2b3c;padding:2em 2.5em;border-radius:8px;min-width:18em}
h1{font-size:1.3em;margin-top:0} label{display:block;margin:.8em 0 .2em}
input{width:100%;padding:.4em;font-size:1em;box-sizing:border-box}
button{margin-top:1.2em;padding:.5em 1.5em;font-size:1em}
.problem{color:#ff8080;margin:.8em 0 0}
"""


def signin_page(problem_key: str | None = None, name: str = "", **params: object) -> str:
    """The form; after a refusal, `problem_key` says why (never which of name or password)."""
    problem = f'<p class="problem" id="problem">{escape(t(problem_key, **params))}</p>' if problem_key else ""
    lang = "zh-CN" if language().startswith("zh") else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(t("serve.title"))}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{STYLE}</style></head>
<body><form method="post" action="/signin">
<h1>{escape(t("serve.title"))}</h1>
<label for="name">{escape(t("serve.name"))}</label>
<input id="name" name="name" autocomplete="username" required autofocus value="{escape(name)}">
<label for="password">{escape(t("serve.password"))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button id="signin" type="submit">{escape(t("serve.signin"))}</button>{problem}
</form></body></html>"""
