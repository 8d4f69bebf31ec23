"""`r2p-kg serve` refuses what it cannot do before it says it is serving: one line, exit 2."""

from __future__ import annotations

import socket

import pytest

from r2p_kg.cli import main


@pytest.mark.parametrize("port", ["99999", "0", "-1"])
def test_a_port_out_of_range(built, capsys, port):
    assert main(["serve", "--dist", str(built.out), "--port", port]) == 2
    out, err = capsys.readouterr()
    assert "serving" not in out and "Traceback" not in err
    assert err.strip().splitlines() == [f"r2p-kg: error: --port: {port} is not a TCP port: give a number "
                                        "from 1 to 65535"]


def test_a_port_in_use(built, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--dist", str(built.out), "--port", str(port)]) == 2
    out, err = capsys.readouterr()
    assert "serving" not in out and "Traceback" not in err
    assert f"--port: port {port} on 127.0.0.1 is already in use" in err and len(err.splitlines()) == 1
