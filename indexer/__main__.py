"""`python -m indexer` runs the akhbar CLI."""

from indexer.cli import app

app(prog_name="akhbar")
