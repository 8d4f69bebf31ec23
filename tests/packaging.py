"""The installable package in the tests: build the wheel, and make a fresh Python environment whose
only packages are this venv's dependencies (as plain path entries, so the checkout's editable install
is not seen and pip finds every dependency installed without fetching anything)."""

from __future__ import annotations

import fcntl
import subprocess
import sys
import sysconfig
import tempfile
import venv
from pathlib import Path

from r2p_kg.config import ROOT


def build_wheel(out: Path) -> Path:
    """The wheel of this checkout, built offline into ``out``; one build at a time, since setuptools
    builds in the checkout's build/ folder (parallel test processes would collide there)."""
    lock_path = Path(tempfile.gettempdir()) / "r2p-kg-wheel-build.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
                        "--no-index", "-q", "-w", str(out)], check=True, capture_output=True)
    (found,) = out.glob("r2p_kg-*.whl")
    return found


def fresh_environment(env_dir: Path) -> Path:
    """A new venv at ``env_dir`` seeing this venv's packages; returns its site-packages folder."""
    venv.create(env_dir, with_pip=False)
    site = Path(subprocess.run([str(env_dir / "bin" / "python"), "-c",
                                "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return site
