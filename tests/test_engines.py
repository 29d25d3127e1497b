"""The rule for the real engines the fleet tests start: where one cannot start, CI fails and says why;
a workstation without Slurm or Ray skips."""

import pytest

from tests.engines import free_port_block, unavailable


def test_an_engine_that_cannot_start_fails_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="the cluster engine cannot start in CI: no slurmd here"):
        unavailable("no slurmd here")


def test_an_engine_that_cannot_start_is_skipped_elsewhere(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no slurmd here"):
        unavailable("no slurmd here")


def test_a_block_of_free_ports_can_be_bound():
    import socket

    base = free_port_block(4)
    for port in range(base, base + 4):
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))  # raises when the port is taken
            assert s.getsockname()[1] == port
