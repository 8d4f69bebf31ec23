"""The ``r2p-kg`` command: thin wiring of the modules below it.

Each subcommand is an ``add_<name>(subparsers)`` function that registers its options and a handler.
Errors are one line on stderr and a non-zero exit (``--debug`` shows the traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path

from . import __version__
from .config import DEFAULT_DIST, SOURCE_DIR
from .dist import has_build
from .errors import ConfigError, R2PError
from .web.settings import SETTINGS

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
    p = sub.add_parser("serve", help="serve the built dataset: SPARQL 1.1 endpoint, Graph Store, VoID "
                                     "(under gunicorn)",
                       description="Serve dist/ at /sparql, /store, /.well-known/void (docs/endpoint.md). "
                                   "The update token is read from $R2P_UPDATE_TOKEN only.")
    p.add_argument("--dist", type=Path, default=None,
                   help="built dataset folder (default: the setting R2P_DIST, else dist/)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    add_setting_flags(p)
    p.add_argument("--get", metavar="PATH",
                   help="do not serve: run one GET request in-process and print the response")
    p.set_defaults(handler=cmd_serve)


def add_setting_flags(p: argparse.ArgumentParser) -> None:
    """An option for each setting of the registry that names one (:class:`WebSetting` ``flag``):
    typed by its default, helped by its help; given, it overrides every other source of the setting."""
    for s in SETTINGS:
        if not s.flag:
            continue
        plain = s.secret or isinstance(s.default, bool) or s.default in ("", ())
        shown = "" if plain else f", default {s.default}"
        kwargs: dict[str, object] = {"dest": s.key, "default": None,
                                     "help": f"{s.help} (setting {s.key}{shown})".replace("%", "%%")}
        if isinstance(s.default, bool):
            kwargs.update(action="store_const", const=True)
        elif isinstance(s.default, tuple):
            kwargs.update(action="append", metavar=s.metavar)
        else:
            kwargs.update(type=type(s.default), metavar=s.metavar, choices=s.choices or None)
        p.add_argument(s.flag, **kwargs)  # type: ignore[arg-type]


def given_settings(args: argparse.Namespace) -> dict[str, object]:
    """{setting: value} of the options of :func:`add_setting_flags` given on the command line."""
    given: dict[str, object] = {}
    for s in SETTINGS:
        value = getattr(args, s.key, None) if s.flag else None
        if value is None:
            continue
        if s.positive and value <= 0:
            raise ConfigError(f"{s.flag} must be positive, not {value}", where=s.flag)
        given[s.key] = tuple(value) if isinstance(s.default, tuple) else value
    return given


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from .web import create_app
    from .web.server import GunicornServer, gunicorn_options
    from .web.settings import load
    given = given_settings(args)
    if given.get("R2P_ALLOW_UPDATE") and not os.environ.get("R2P_UPDATE_TOKEN"):
        raise ConfigError("--allow-update needs a bearer token in $R2P_UPDATE_TOKEN", where="--allow-update")
    if args.dist is None:  # the registry's value: its default, the environment or R2P_WEB_CONFIG
        args.dist = Path(str(load()["R2P_DIST"]))
    if not has_build(args.dist):
        if args.dist != DEFAULT_DIST or given.get("R2P_BACKEND"):
            raise ConfigError(f"no built dataset in {args.dist}: run 'r2p-kg build' first", where="--dist")
        from .build import build  # the default folder is ours to fill: build the bundled report first
        print(f"no build yet in {args.dist}: building the report there first", file=sys.stderr)
        build(default_sources(), args.dist)
    config: dict[str, object] = {"R2P_DIST": str(args.dist), **given}
    if not args.get:
        # Serve the build folder the link names now, pinned so that rebuilds keep it while we run.
        from .build import pin_build
        pin = pin_build(args.dist)  # held until this process and its forks (gunicorn's) end
        config["R2P_DIST"] = str(pin.folder)
    if args.get:
        app = create_app(config)
        resp = app.test_client().get(args.get)
        print(f"{resp.status}\n{resp.headers}".rstrip())
        sys.stdout.buffer.write(resp.get_data() + b"\n")
        return 0 if resp.status_code < 400 else 1
    create_app(config)  # settings that do not hold are refused here, not in gunicorn's worker
    _check_listen(args.host, args.port)
    logging.getLogger("r2p_kg.web.access").setLevel(logging.INFO)
    logging.getLogger("r2p_kg.workers").setLevel(logging.INFO)
    settings = load(config)  # what the app reads too: defaults, environment, R2P_WEB_CONFIG, options
    options = gunicorn_options(args.host, args.port, settings)
    print(f"serving {args.dist} at http://{args.host}:{args.port}/sparql "
          f"({'updates enabled, in memory' if settings['R2P_ALLOW_UPDATE'] else 'read-only'}; "
          f"R2P_WORKERS={settings['R2P_WORKERS']} R2P_TIMEOUT={float(settings['R2P_TIMEOUT']):g} "
          f"R2P_CLIENT_TIMEOUT={float(settings['R2P_CLIENT_TIMEOUT']):g}; Ctrl-C to stop)",
          flush=True)
    GunicornServer(lambda: create_app(config), options).run()
    return 0


def _check_listen(host: str, port: int) -> None:
    """Refuse, before anything starts, a port out of range or an address this process cannot listen
    on (a port in use, an address not on this machine), naming which."""
    import errno
    import socket
    if not 0 < port < 65536:
        raise ConfigError(f"{port} is not a TCP port: give a number from 1 to 65535", where="--port")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot resolve {host!r}: {exc.strerror}", where="--host") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} on {host} is already in use (another server?); stop it "
                                  "or choose another with --port", where="--port") from None
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror}", where="--host") from None


# --- export ------------------------------------------------------------------------------------

def add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write dumps (N-Triples, N-Quads, TriG, Turtle, JSON-LD, RDF/XML) "
                                      "with a VoID/DCAT description and checksums")
    p.add_argument("--out", type=Path, required=True, help="dumps folder (replaced atomically)")
    p.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built dataset folder (default: dist/)")
    p.add_argument("--download-base", metavar="URL", default=None,
                   help="URL the dumps are downloaded from, ending in '/' (default: {base}dumps/)")
    p.set_defaults(handler=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from .export.dumps import export
    result = export(args.dist, args.out, download_base=args.download_base)
    print(f"exported {result.out}: {len(result.files)} files, version {result.version[:12]} "
          f"({result.seconds:.2f}s)")
    return 0


# --- push --------------------------------------------------------------------------------------

def add_push(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("push", help="replace a named graph in a SPARQL 1.1 store with the dataset, "
                                    "atomically, and verify it",
                       description="The password or token is read from $R2P_PUSH_PASSWORD only.")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="SPARQL query endpoint (also the update endpoint unless --update-endpoint)")
    p.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint, if separate")
    p.add_argument("--store", metavar="URL",
                   help="Graph Store HTTP Protocol endpoint: upload with PUT/POST instead of INSERT DATA")
    p.add_argument("--graph", metavar="IRI", help="the named graph to replace with the whole dataset")
    p.add_argument("--each-graph", action="store_true",
                   help="instead of --graph: replace each named graph of the dataset (one per report, "
                        "the ontology's) under its own IRI, as 'serve --backend' expects")
    p.add_argument("--user", help="user name (basic or digest auth)")
    p.add_argument("--auth", choices=("basic", "digest", "bearer"),
                   help="auth scheme (default: digest with --user, none without)")
    p.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built dataset folder (default: dist/)")
    p.add_argument("--source-graph", metavar="IRI",
                   help="push only this named graph of the dataset (default: all graphs merged)")
    p.add_argument("--chunk", type=int, default=1000, metavar="N",
                   help="triples per INSERT DATA (default 1000; halved when the store refuses)")
    p.add_argument("--swap", choices=("auto", "move", "drop-add"), default="auto",
                   help="how the loaded graph replaces the target (default: MOVE, else DROP + ADD)")
    p.add_argument("--timeout", type=float, default=120.0, metavar="S", help="per request (default 120)")
    p.add_argument("--retries", type=int, default=5, metavar="N",
                   help="attempts per request on connection errors, with backoff (default 5)")
    p.set_defaults(handler=cmd_push)


def cmd_push(args: argparse.Namespace) -> int:
    import os

    from .export.client import AuthScheme
    from .export.dataset import each_graph, read_built
    from .export.push import PASSWORD_ENV, Auth, Retry, push, redact
    secret = os.environ.get(PASSWORD_ENV, "")
    scheme: AuthScheme | None = args.auth or ("digest" if args.user else None)
    auth = Auth(scheme, args.user, secret) if scheme else None
    if auth is None and secret:
        log.warning("$%s is set but no --user or --auth was given: pushing without credentials",
                    PASSWORD_ENV)
    if bool(args.graph) == bool(args.each_graph):
        raise ConfigError("give either --graph IRI or --each-graph", where="--graph")
    jobs: Iterable[tuple[str, list]]
    if args.each_graph:  # one graph read at a time, each pushed before the next is read
        jobs = each_graph(args.dist)
    else:
        dataset = read_built(args.dist)
        jobs = [(args.graph, dataset.triples(args.source_graph))]
        if args.source_graph and not jobs[0][1]:
            raise ConfigError(f"no graph <{args.source_graph}> in {args.dist}; it has: "
                              + ", ".join(dataset.graph_names()), where="--source-graph")
    for graph, triples in jobs:
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm
            bar = tqdm(total=len(triples), unit="triple", desc="load", file=sys.stderr, leave=False)

        def progress(stage: str, done: int, total: int, bar=bar) -> None:
            if bar is not None:
                bar.set_description(stage)
                if stage == "load":
                    bar.update(done - bar.n)

        try:
            result = push(triples, graph, endpoint=args.endpoint, update_endpoint=args.update_endpoint,
                          store=args.store, auth=auth, chunk=args.chunk, swap=args.swap,
                          retry=Retry(attempts=max(args.retries, 1)), timeout=args.timeout,
                          progress=progress)
        finally:
            if bar is not None:
                bar.close()
        print(f"pushed {result.triples} triples into <{result.graph}> at {redact(args.endpoint)} "
              f"({result.protocol}, {result.requests} request(s), {result.swap}), verified "
              f"({result.seconds:.2f}s)")
        del triples  # let this graph go before the next one is read
    return 0


# --- synth -------------------------------------------------------------------------------------

def add_synth(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="write synthetic report texts (for benchmarks and tests)")
    p.add_argument("--count", type=int, default=10, metavar="N", help="how many texts (default 10)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--out", type=Path, required=True, help="folder to write synthetic-NNNN.zh.txt into")
    p.set_defaults(handler=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    from .report import read_report
    from .synthetic import write_corpus
    if args.count < 1:
        raise ConfigError("must be at least 1", where="--count")
    paths = write_corpus(read_report(default_sources()[0]), args.count, args.out, seed=args.seed)
    print(f"wrote {len(paths)} synthetic report texts to {args.out}")
    return 0


# --- query -------------------------------------------------------------------------------------

def add_query(sub: argparse._SubParsersAction) -> None:
    from .query import FORMATS
    p = sub.add_parser("query", help="run a SPARQL SELECT file (e.g. queries/*.rq) on the built dataset")
    p.add_argument("file", type=Path, help="SPARQL query file")
    p.add_argument("--format", choices=FORMATS, default="table")
    p.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built dataset folder (default: dist/)")
    p.set_defaults(handler=cmd_query)


def cmd_query(args: argparse.Namespace) -> int:
    from .query import load_store, read_query, render
    text = read_query(args.file)
    sys.stdout.write(render(load_store(args.dist / "r2p.nq"), text, args.format, where=str(args.file)))
    return 0


# --- validate ----------------------------------------------------------------------------------

def add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check RDF data against the R2P SHACL shapes (exit 0 conforms, "
                                        "1 violations, 2 errors)",
                       description="Validate the built dist/r2p.nq, or the RDF files given, together with "
                                   "the ontology against the SHACL shapes (pySHACL, SHACL-SPARQL), or "
                                   "run the quality-check queries (--qc). Each result names its focus "
                                   "node, path, value, messages, and the file and line of the triple "
                                   "(Turtle, TriG, N-Triples, N-Quads). Warnings fail only with "
                                   "--strict. See docs/validate.md.")
    p.add_argument("files", nargs="*", type=Path, metavar="FILE",
                   help="RDF files to validate as one graph (.nq .trig .nt .ttl .jsonld .rdf; "
                        "default: dist/r2p.nq)")
    p.add_argument("--format", choices=("text", "turtle", "json", "junit", "sarif"), default="text",
                   help="report format: text, json, junit (JUnit XML), sarif (SARIF 2.1.0), turtle "
                        "(the SHACL report graph) (default: text)")
    p.add_argument("--shapes", metavar="VERSION|FILE|IRI", default=None,
                   help="shapes to validate against: a release (0.1.0), 'current' (the default), a "
                        "Turtle file or folder, or the IRI of a bundled release (never fetched)")
    p.add_argument("--ontology", metavar="VERSION|FILE|IRI", default=None,
                   help="ontology added to the data (default: the release of the --shapes version, "
                        "else the current one); same forms as --shapes")
    p.add_argument("--strict", action="store_true", help="warnings fail too (exit 1)")
    p.add_argument("--qc", action="store_true",
                   help="run the quality-check queries (queries/qc) instead of the shapes")
    p.add_argument("--output", type=Path, metavar="FILE",
                   help="write the report to FILE (atomically); the text report still goes to "
                        "standard output")
    p.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built dataset folder (default: dist/)")
    p.set_defaults(handler=cmd_validate)


def cmd_validate(args: argparse.Namespace) -> int:
    from .validation import render, run_qc
    from .validation import validate as validate_report
    files = args.files or [args.dist / "r2p.nq"]
    if not args.files and not files[0].is_file():
        raise ConfigError(f"no built dataset in {args.dist}: run 'r2p-kg build' or name files", where="--dist")
    if args.qc:
        if args.shapes is not None:
            raise ConfigError("the QC queries use no shapes: give --shapes or --qc, not both", where="--shapes")
        if args.format == "turtle":
            raise ConfigError("the QC queries have no report graph: choose text, json, junit or sarif",
                              where="--format")
        report = run_qc(files, ontology=args.ontology)
        text = render(report, args.format, strict=args.strict)
    elif args.format == "turtle":
        from .validation.releases import resolve
        from .validation.shacl import _files_graph, validate
        shapes = resolve("shapes", args.shapes)
        ontology = resolve("ontology", args.ontology, like=shapes)
        conforms, graph, _ = validate(files, shapes=shapes.files, ontology=_files_graph(ontology.files))
        text = graph.serialize(format="turtle")
        report = None
        if args.strict:
            from rdflib.namespace import SH
            conforms = conforms and (None, SH.resultSeverity, SH.Warning) not in graph
    else:
        report = validate_report(files, shapes=args.shapes, ontology=args.ontology)
        text = render(report, args.format, strict=args.strict)
    if args.output:
        _write_atomically(args.output, text)
        if report is not None and args.format != "text":  # the log still shows what is wrong
            sys.stdout.write(render(report, "text", strict=args.strict))
    else:
        sys.stdout.write(text)
    if report is None:
        return 0 if conforms else 1
    return report.exit_code(args.strict)


def _write_atomically(path: Path, text: str) -> None:
    import os
    import tempfile
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- annotate ----------------------------------------------------------------------------------

def add_annotate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("annotate", help="run the extraction on any UTF-8 Chinese text and print its mentions",
                       description="Annotate Chinese texts (a Security Council statement, a news item, "
                                   "another report's paragraph) with the entities, crimes, pillars and "
                                   "statistics the extractor finds. Offsets are characters of the file's "
                                   "text decoded as UTF-8 (docs/extraction.md).")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="UTF-8 text files")
    p.add_argument("--format", choices=("json", "ttl"), default="json",
                   help="json: one array of annotations; ttl: Web Annotations in Turtle (default: json)")
    p.set_defaults(handler=cmd_annotate)


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import annotate_files, to_json, to_turtle
    results = annotate_files(args.files)
    sys.stdout.write(to_json(results) if args.format == "json" else to_turtle(results))
    return 0


# --- main --------------------------------------------------------------------------------------

COMMANDS = (add_build, add_report, add_serve, add_synth, add_export, add_push, add_query, add_validate,
            add_annotate)


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="r2p-kg", description="The UN Secretary-General's 2025 report on the Responsibility to "
                                   "Protect as a linked-data knowledge graph: build, validate, query, "
                                   "serve and export it.")
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
