"""What every `akhbar` command shares: the consoles, the one-line error, the --index option."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

# What is printed is text: file names, scraped titles and queries may hold "[…]" (no console markup).
out = Console(markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)

IndexOpt = Annotated[
    str | None, typer.Option("--index", metavar="ALIAS", help="Index alias (default: $AKHBAR_INDEX or 'news').")
]


def flag(*names: str, help: str) -> Any:
    """A yes/no option, shown in --help without a value placeholder."""
    return typer.Option(*names, metavar="", help=help)


def labelled(label: str, style: str, message: str) -> Text:
    """``label: message`` with the label styled (``error:`` in bold red)."""
    return Text.assemble((f"{label}:", style), " ", message)


def error_line(message: str, console: Console = err) -> None:
    """Print ``error: message`` on one line."""
    console.print(labelled("error", "bold red", message), highlight=False)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error (no traceback) and return the Exit to raise."""
    error_line(message)
    return typer.Exit(code)
