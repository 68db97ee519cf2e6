"""The Textual screens. Thin: they compose widgets and call the services."""
