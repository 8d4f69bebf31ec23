"""The ``r2p-kg`` command: thin wiring of the modules below it.

Each subcommand is an ``add_<name>(subparsers)`` function that registers its options and a handler.
Errors are one line on stderr and a non-zero exit (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from . import __version__
from .config import DEFAULT_DIST, SOURCE_DIR
from .errors import ConfigError, R2PError

log = logging.getLogger(__name__)


def default_sources() -> list[Path]:
    """Every report text in data/source/."""
    return sorted(SOURCE_DIR.glob("*.txt"))


# --- build -------------------------------------------------------------------------------------

def add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build the dataset (RDF files and checksums) into dist/")
    p.add_argument("--source", action="append", type=Path, metavar="FILE",
                   help="report text to build (repeatable; default: every *.txt in data/source/)")
    p.add_argument("--out", type=Path, default=DEFAULT_DIST, help="output folder (default: dist/)")
    p.add_argument("--base", default=None, help="base IRI for minted IRIs (default: https://w3id.org/r2p/)")
    p.set_defaults(handler=cmd_build)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build
    result = build(args.source or default_sources(), args.out, base=args.base)
    print(f"built {result.out}: {result.quads} quads from {len(result.reports)} report(s), "
          f"version {result.version[:12]} ({result.seconds:.2f}s)")
    return 0


# --- report ------------------------------------------------------------------------------------

def add_report(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="print the document model of a report (table or JSON)")
    p.add_argument("source", nargs="?", type=Path, help="report text (default: the one in data/source/)")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--paragraph", type=int, metavar="N", help="print paragraph N with its footnotes")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from .report import read_report
    source = args.source
    if source is None:
        sources = default_sources()
        if len(sources) != 1:
            raise ConfigError(f"{len(sources)} report texts in {SOURCE_DIR.name}/: name one", where="source")
        source = sources[0]
    report = read_report(source)
    if args.paragraph is not None:
        if not 1 <= args.paragraph <= len(report.paragraphs):
            raise ConfigError(f"no paragraph {args.paragraph}; the report has 1..{len(report.paragraphs)}",
                              where="--paragraph")
        para = report.paragraph(args.paragraph)
        notes = [report.footnote(n) for n in para.footnotes]
        if args.format == "json":
            print(json.dumps({"paragraph": asdict(para), "footnotes": [asdict(n) for n in notes]},
                             ensure_ascii=False, indent=2))
        else:
            where = f"{para.section}{'.' + para.subsection if para.subsection else ''}"
            print(f"Paragraph {para.number} (section {where}, pages {', '.join(map(str, para.pages))})")
            print(para.text)
            for n in notes:
                print(f"  [{n.number}] {n.text}" + (f"  (ibid. of {n.ibid_of})" if n.ibid_of else ""))
        return 0
    if args.format == "json":
        data = asdict(report)
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    fm = report.front_matter
    rows = [
        ("report", report.slug),
        ("title", fm.title),
        ("bodies", "、".join(fm.bodies)),
        ("session", fm.session),
        ("agenda items", ", ".join(str(a.number) for a in fm.agenda_items)),
        ("pages", report.pages),
        ("sections", len(report.sections)),
        ("subsections", sum(len(s.subsections) for s in report.sections)),
        ("paragraphs", len(report.paragraphs)),
        ("footnotes", len(report.footnotes)),
        ("links", len(report.links)),
        ("local file links", sum(1 for ln in report.links if ln.local)),
        ("lines", len(report.lines)),
    ]
    rows += [(f"  {kind} lines", n) for kind, n in sorted(report.line_counts().items())]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    return 0


# --- serve -------------------------------------------------------------------------------------

def add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="serve the built dataset over HTTP")
    p.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built dataset folder (default: dist/)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import functools
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
    if not (args.dist / "build.json").is_file():
        raise ConfigError(f"no built dataset in {args.dist}: run 'r2p-kg build' first", where="--dist")
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(args.dist.resolve()))
    with ThreadingHTTPServer((args.host, args.port), handler) as httpd:
        print(f"serving {args.dist} at http://{args.host}:{args.port}/ (Ctrl-C to stop)", flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


# --- main --------------------------------------------------------------------------------------

COMMANDS = (add_build, add_report, add_serve)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="r2p-kg", description=__doc__.splitlines()[0])
    ap.add_argument("--version", action="version", version=f"r2p-kg {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks and debug logging")
    ap.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = ap.add_subparsers(title="commands", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    ap = parser()
    args = ap.parse_args(argv)
    level = logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    if not hasattr(args, "handler"):
        ap.print_help()
        return 2
    try:
        return args.handler(args)
    except R2PError as exc:
        if args.debug:
            raise
        print(f"r2p-kg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if args.debug:
            raise
        print(f"r2p-kg: error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
