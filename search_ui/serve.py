"""Start the Streamlit server of the search UI with the page's modules already imported.

Streamlit runs ``app.py`` in the server process on each visit; importing the Elasticsearch
client, settings and taxonomy there would make the first visitor after a start wait ~0.4 s more.

    python -m search_ui.serve [streamlit options]      # what `akhbar ui` runs
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from streamlit.web import cli

from indexer.topics import load_taxonomy

APP_PATH = Path(__file__).resolve().with_name("app.py")
PRELOAD = ("indexer.config", "indexer.es", "search_ui.export", "search_ui.fetch", "search_ui.render")


def main(options: list[str]) -> None:
    """``streamlit run app.py OPTIONS`` in this process, after loading what the page imports."""
    for name in PRELOAD:
        importlib.import_module(name)
    load_taxonomy()
    sys.argv = ["streamlit", "run", str(APP_PATH), *options]
    sys.exit(cli.main())


if __name__ == "__main__":
    main(sys.argv[1:])
