"""Copy the front-end libraries from ``node_modules/`` into ``r2p_kg/web/static/vendor/``.

The Makefile runs ``npm ci`` (versions pinned by package.json and package-lock.json) and then this
file as a script: ``python3 r2p_kg/web/pages/vendor.py``. Nothing third-party is committed and
nothing is fetched from a CDN at run time. Standard library only, so it runs before the venv exists.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "r2p_kg" / "web" / "static" / "vendor"

# (package, file inside the package, name in vendor/)
FILES: tuple[tuple[str, str, str], ...] = (
    ("@zazuko/yasgui", "build/yasgui.min.js", "yasgui.min.js"),
    ("@zazuko/yasgui", "build/yasgui.min.css", "yasgui.min.css"),
    ("cytoscape", "dist/cytoscape.min.js", "cytoscape.min.js"),
    ("chart.js", "dist/chart.umd.min.js", "chart.umd.min.js"),
    ("d3-array", "dist/d3-array.min.js", "d3-array.min.js"),
    ("d3-geo", "dist/d3-geo.min.js", "d3-geo.min.js"),
    ("topojson-client", "dist/topojson-client.min.js", "topojson-client.min.js"),
    ("world-atlas", "countries-50m.json", "countries-50m.json"),
    ("i18n-iso-countries", "codes.json", "iso3166-codes.json"),
)


def missing(vendor: Path = VENDOR) -> list[str]:
    """Vendored files not in place (the pages need them for their pictures and the query editor)."""
    return [name for _, _, name in FILES if not (vendor / name).is_file()]


def copy(node_modules: Path = NODE_MODULES, vendor: Path = VENDOR) -> list[Path]:
    """Copy every file in ``FILES`` and each package's licence; raises FileNotFoundError if one is absent."""
    vendor.mkdir(parents=True, exist_ok=True)
    (vendor / "licenses").mkdir(exist_ok=True)
    written = []
    for package, inner, name in FILES:
        src = node_modules / package / inner
        if not src.is_file():
            raise FileNotFoundError(f"{src} is missing: run 'npm ci' first")
        shutil.copyfile(src, vendor / name)
        written.append(vendor / name)
        for licence in ("LICENSE", "LICENSE.md", "LICENSE.txt", "license"):
            if (node_modules / package / licence).is_file():
                shutil.copyfile(node_modules / package / licence,
                                vendor / "licenses" / (package.replace("/", "__") + ".LICENSE"))
                break
    return written


if __name__ == "__main__":
    try:
        files = copy()
    except FileNotFoundError as exc:
        print(f"vendor: {exc}", file=sys.stderr)
        sys.exit(1)
    print(f"vendor: copied {len(files)} files into {VENDOR.relative_to(ROOT)}/")
