"""`python -m indexer` runs the akhbar CLI."""

from indexer.cli import main

main()
