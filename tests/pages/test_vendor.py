"""The front-end libraries: pinned in package.json and package-lock.json, copied by vendor.py."""

from __future__ import annotations

import json
import re

from r2p_kg.config import ROOT
from r2p_kg.web.pages import vendor


def test_every_vendored_package_is_pinned_exactly():
    deps = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, _, _ in vendor.FILES:
        assert re.fullmatch(r"\d+\.\d+\.\d+", deps[package]), package  # no ranges
        assert lock[f"node_modules/{package}"]["version"] == deps[package], package
        assert lock[f"node_modules/{package}"]["integrity"].startswith("sha512-"), package


def test_copy_reports_what_is_missing(tmp_path):
    (tmp_path / "node_modules").mkdir()
    try:
        vendor.copy(tmp_path / "node_modules", tmp_path / "vendor")
    except FileNotFoundError as exc:
        assert "npm ci" in str(exc)
    else:
        raise AssertionError("copy() should fail without node_modules")
    assert vendor.missing(tmp_path / "vendor") == [name for _, _, name in vendor.FILES]


def test_pages_only_load_scripts_from_this_site():
    templates = ROOT / "r2p_kg" / "web" / "pages" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path  # no CDN, no third-party host
