"""Start the Streamlit server of the search UI with the page's modules already imported.

Streamlit runs ``app.py`` in the server process on each visit; importing the Elasticsearch
client, settings, taxonomy, gazetteer and outlets there would make the first visitor after a start
wait ~0.5 s more. A data file that cannot be used stops the server with one line, before any page.

    python -m search_ui.serve [streamlit options]      # what `akhbar ui` runs
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from streamlit.web import cli

from indexer.actor_names import default_names
from indexer.data_files import DataFileError
from indexer.outlets import outlet_names
from indexer.topics import load_taxonomy

APP_PATH = Path(__file__).resolve().with_name("app.py")
PRELOAD = ("indexer.config", "indexer.es", "search_ui.export", "search_ui.fetch", "search_ui.render")


def main(options: list[str]) -> None:
    """``streamlit run app.py OPTIONS`` in this process, after loading what the page imports."""
    for name in PRELOAD:
        importlib.import_module(name)
    try:  # the data files the page reads, read now: one that cannot be used is said here, not in the page
        load_taxonomy()
        default_names()
        outlet_names()
    except DataFileError as exc:
        print(f"error: {exc} (fix the file, then run the command again)", file=sys.stderr)
        sys.exit(2)
    sys.argv = ["streamlit", "run", str(APP_PATH), *options]
    sys.exit(cli.main())


if __name__ == "__main__":
    main(sys.argv[1:])
