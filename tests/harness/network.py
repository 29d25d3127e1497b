"""The network part of a scenario: its endpoints served on 127.0.0.1 and a mirror list naming them.

Each endpoint answers as the real service does (the Hub's model API, a PyPI simple page) or never
answers at all, like a host an egress filter drops. Nothing leaves the machine."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests import network_servers as ns

from .spec import Scenario

# kind -> (url suffix, probe path, the route the server answers, its body)
ANSWERS = {
    "huggingface": ("", "/api/models/gpt2", "/api/models/gpt2", b'{"sha": "abcdef1"}'),
    "pypi": ("/simple", "/pip/", "/simple/pip/", ns.simple_page("pip", ["25.3"])),
}


@contextmanager
def serve_network(scenario: Scenario, base: Path) -> Iterator[dict[str, str]]:
    """Start the scenario's endpoints; yield the environment that points yolodoctor at them."""
    servers = []
    endpoints, mirrors = [], []
    try:
        for endpoint in scenario.network:
            suffix, probe_path, route, body = ANSWERS[endpoint.kind]
            behaviour = ns.serve_routes({route: (200, {}, body)}) if endpoint.answers else ns.never_answer
            server = ns.LoopbackServer(behaviour).start()
            servers.append(server)
            row = {"kind": endpoint.kind, "name": endpoint.name, "url": server.url + suffix, "probe_path": probe_path}
            (mirrors if endpoint.mirror else endpoints).append(row)
        path = Path(base) / "mirrors.toml"
        path.write_text(ns.mirrors_toml(endpoints=endpoints, mirrors=mirrors))
        yield {"YOLODOCTOR_MIRRORS_FILE": str(path)}
    finally:
        for server in servers:
            server.close()
