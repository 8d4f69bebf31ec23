"""Small SVG bar charts of the benchmark figures, written without a plotting library."""

from __future__ import annotations

from html import escape
from pathlib import Path


def bar_chart(title: str, bars: list[tuple[str, float]], unit: str) -> str:
    """A horizontal bar chart as an SVG document."""
    width, row, left = 720, 26, 300
    height = 50 + row * len(bars)
    top = max((v for _, v in bars), default=1.0) or 1.0
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-family="sans-serif" font-size="12">',
             f'<text x="10" y="22" font-size="15" font-weight="bold">{escape(title)}</text>']
    for i, (label, value) in enumerate(bars):
        y = 40 + i * row
        w = (width - left - 90) * value / top
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{row - 8}" fill="#3b6ea5"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + 14}">{value:,.1f} {escape(unit)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_all(results: dict, folder: Path, stamp: str) -> list[Path]:
    """One chart of throughput per endpoint block, one of build time per corpus size."""
    written = []
    for k, block in enumerate(results["endpoint"]):
        bars = [(f"{r['target']} · {r['workload']} · c={r['concurrency']}", r["rps"]) for r in block["results"]]
        if bars:
            path = folder / f"{stamp}-endpoint-{k}.svg"
            path.write_text(bar_chart(f"Requests per second — {block['label']}", bars, "req/s"), encoding="utf-8")
            written.append(path)
    build = results["build"]
    bars = [(f"{r['reports']} report(s)", r["seconds"]["total"]) for r in build["corpora"]]
    path = folder / f"{stamp}-build.svg"
    path.write_text(bar_chart("Build wall time by corpus size", bars, "s"), encoding="utf-8")
    written.append(path)
    bars = [(f"{r['reports']} report(s)", r["peak_rss_mb"]) for r in build["corpora"]]
    path = folder / f"{stamp}-memory.svg"
    path.write_text(bar_chart("Build peak memory by corpus size", bars, "MB"), encoding="utf-8")
    written.append(path)
    return written
