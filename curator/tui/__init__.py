"""The Textual interface. Imported only by the commands that open it."""

from curator.tui.app import CuratorApp, make_app, make_review_app, run_app

__all__ = ["CuratorApp", "make_app", "make_review_app", "run_app"]
