"""Wheel build: the package carries what it reads at run time, so an installed r2p-kg needs no checkout.

Metadata is in pyproject.toml; this only adds a build step. ``build_py`` copies the report and
gazetteer (``data/``), ``ontology/``, ``shapes/`` and ``queries/`` into ``r2p_kg/_resources/`` of the
wheel, and makes sure the front-end libraries are in ``r2p_kg/web/static/vendor/`` (installed from
the npm registry by ``npm ci`` with package-lock.json, then copied), since they are not committed.
An editable install reads the checkout in place and copies nothing.
"""

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUNDLED = ("data", "ontology", "shapes", "queries")


class BuildWithResources(build_py):
    def run(self) -> None:
        if not getattr(self, "editable_mode", False):
            if not (HERE / "r2p_kg" / "web" / "static" / "vendor" / ".stamp").is_file():
                subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HERE,
                               check=True)
                subprocess.run([sys.executable, str(HERE / "r2p_kg" / "web" / "pages" / "vendor.py")],
                               cwd=HERE, check=True)
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "r2p_kg" / "_resources"
        for name in BUNDLED:
            shutil.copytree(HERE / name, target / name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": BuildWithResources})
