"""Project-wide paths and constants: where the data, ontology, shapes and queries are, the default
base IRI and the licences.

Settings of the server are registered in :mod:`r2p_kg.web.settings`; what a build used (its base IRI)
is read from the build (:mod:`r2p_kg.dist`).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# In a checkout the data, ontology, shapes and queries sit beside the package; an installed wheel
# carries copies of them in the package (see setup.py) and builds into the user's data folder.
CHECKOUT = (PACKAGE_DIR.parent / "ontology" / "r2p.ttl").is_file()
ROOT = PACKAGE_DIR.parent if CHECKOUT else PACKAGE_DIR / "_resources"
DATA_DIR = ROOT / "data"
SOURCE_DIR = DATA_DIR / "source"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
ONTOLOGY_FILE = ROOT / "ontology" / "r2p.ttl"
SHAPES_DIR = ROOT / "shapes"
QUERIES_DIR = ROOT / "queries"


def user_data_dir() -> Path:
    """Where an installed r2p-kg keeps its builds: ``$XDG_DATA_HOME/r2p-kg`` (``~/.local/share``)."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "r2p-kg"


DEFAULT_DIST = PACKAGE_DIR.parent / "dist" if CHECKOUT else user_data_dir() / "dist"

DEFAULT_BASE = "https://w3id.org/r2p/"  # a build names its own (r2p-kg build --base; build.json)


# --- Licences: the one place that states them (docs/export.md explains the choice) ------------------
# The report is a United Nations document: the UN is its author and its text stays under the UN's
# terms of use. The graph built from it (structure, IRIs, extracted facts) is published under
# CC BY 4.0, crediting the UN as the source. Dumps and their VoID/DCAT description read these.
GRAPH_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SOURCE_AUTHOR = "United Nations"
SOURCE_AUTHOR_IRI = "http://www.wikidata.org/entity/Q1065"  # the United Nations in Wikidata
SOURCE_LICENSE = "https://www.un.org/en/about-us/terms-of-use"
SOURCE_RIGHTS = ("Report text © United Nations, reused under the United Nations terms of use; "
                 "graph CC BY 4.0, source: the United Nations.")
