"""``r2p-kg push`` as a user runs it: exit codes, messages, and the secret never shown or logged."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from r2p_kg.cli import main
from r2p_kg.export.push import PASSWORD_ENV

from .conftest import graph_size

TEST = "http://example.org/r2p-test/cli/"


def run_cli(args: list[str], secret: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    if secret is not None:
        env[PASSWORD_ENV] = secret
    return subprocess.run([sys.executable, "-m", "r2p_kg.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def test_push_with_digest_then_wrong_password_never_shows_the_secret(virtuoso, built):
    graph = TEST + "digest"
    common = ["--debug", "push", "--dist", str(built.out), "--endpoint", virtuoso.query,
              "--store", virtuoso.gsp, "--graph", graph, "--user", virtuoso.user, "--retries", "2"]
    ok = run_cli(common, virtuoso.password)
    assert ok.returncode == 0, ok.stderr
    assert "verified" in ok.stdout
    assert virtuoso.password not in ok.stdout + ok.stderr
    traced = run_cli(common, "Wrong-S3cret-xyz")  # --debug: a traceback, debug logging
    assert "CredentialsRefused" in traced.stderr
    refused = run_cli(["-v", *common[1:]], "Wrong-S3cret-xyz")
    assert refused.returncode == 5
    assert "refused the credentials" in refused.stderr
    for done in (traced, refused):
        assert "Wrong-S3cret-xyz" not in done.stdout + done.stderr
    assert graph_size(virtuoso, graph) > 0


def test_secret_never_reaches_the_logs_in_process(virtuoso, built, monkeypatch, caplog, capsys):
    secret = virtuoso.password
    monkeypatch.setenv(PASSWORD_ENV, secret)
    caplog.set_level(logging.DEBUG)
    args = ["-v", "push", "--dist", str(built.out), "--endpoint", virtuoso.query, "--graph", TEST + "logs",
            "--user", virtuoso.user]
    assert main(args) == 0
    monkeypatch.setenv(PASSWORD_ENV, "An0ther-wrong-one")
    assert main(args) == 5
    captured = capsys.readouterr()
    everything = caplog.text + captured.out + captured.err
    assert "pushing" in caplog.text  # the logs were captured at all
    assert secret not in everything and "An0ther-wrong-one" not in everything


def test_bearer_token_is_sent_but_never_shown(oxigraph, built):
    # Oxigraph has no authentication: it ignores the header, so the push succeeds and only the
    # output is checked here; a refusal of a token is covered through Virtuoso's digest above.
    done = run_cli(["--debug", "push", "--dist", str(built.out), "--endpoint", oxigraph.query,
                    "--update-endpoint", oxigraph.update, "--graph", TEST + "bearer", "--auth", "bearer"],
                   "tok-3141592653")
    assert done.returncode == 0, done.stderr
    assert "tok-3141592653" not in done.stdout + done.stderr


def test_unreachable_store_exits_4_with_a_clear_message(built):
    done = run_cli(["push", "--dist", str(built.out), "--endpoint", "http://127.0.0.1:9/sparql",
                    "--graph", TEST + "x", "--retries", "2"], None)
    assert done.returncode == 4
    assert "failed after 2 attempts" in done.stderr and "onnection refused" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["--user", "u"], "needs the secret in $R2P_PUSH_PASSWORD"),
    (["--auth", "bearer"], "needs the secret in $R2P_PUSH_PASSWORD"),
    (["--auth", "basic"], "basic auth needs --user"),
])
def test_missing_credentials_are_a_config_error(built, args, message):
    done = run_cli(["push", "--dist", str(built.out), "--endpoint", "http://127.0.0.1:9/sparql",
                    "--graph", TEST + "x", *args], None)
    assert done.returncode == 2
    assert message in done.stderr


def test_push_of_an_unknown_source_graph_names_the_graphs(built, capsys):
    assert main(["push", "--dist", str(built.out), "--endpoint", "http://127.0.0.1:9/sparql",
                 "--graph", TEST + "x", "--source-graph", "http://example.org/none"]) == 2
    assert "graph/ontology" in capsys.readouterr().err


def test_push_each_graph_under_its_own_iri(oxigraph, built, dataset):
    done = run_cli(["push", "--dist", str(built.out), "--endpoint", oxigraph.query, "--update-endpoint",
                    oxigraph.update, "--store", oxigraph.gsp, "--each-graph"], None)
    assert done.returncode == 0, done.stderr
    for graph in dataset.graph_names():
        assert graph_size(oxigraph, graph) == len(dataset.triples(graph))
    assert done.stdout.count("verified") == len(dataset.graph_names())
