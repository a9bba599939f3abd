"""What every `akhbar` command shares: the consoles, the one-line error, the --index option."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

out = Console()
err = Console(stderr=True, soft_wrap=True)

IndexOpt = Annotated[str | None, typer.Option("--index", help="Index alias (default: $AKHBAR_INDEX or 'news').")]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line error (no traceback) and return the Exit to raise."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)
