"""The yardstick: a bare Textual app showing one line and a footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Bare(App):
    def compose(self) -> ComposeResult:
        yield Static("bare textual ready")
        yield Footer()


if __name__ == "__main__":
    Bare().run()
