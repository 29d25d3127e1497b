"""Issue-template lines that answer "no" about a setting the prose readers otherwise take as said.

A bug template's environment block asks "Docker:" or "Container:" and many reporters answer "no" ("- Docker: no",
"Using Docker: None", "container: n/a"). The word is there, the container is not: such an answer must not read as the
paste running inside a container. Only a short negative answer closing the line is read ("Docker: no module named x"
is not an answer)."""

from __future__ import annotations

import re

# A container word, the template's separator, and a negative answer that ends the line (lower-cased text).
_CONTAINER_DENIED = re.compile(
    r"(?<![a-z])(?:docker|container|podman|singularity|apptainer|kubernetes|k8s)[ \t]{0,3}[:?=][ \t]{0,3}"
    r"(?:no|none|n/a|na|false|nope|not used|not using it|0)[ \t.]{0,3}$")


def without_denied_container(low: str) -> str:
    """The lower-cased line with a template's negative container answer blanked out (the line itself otherwise)."""
    if ":" not in low and "?" not in low and "=" not in low:
        return low
    return _CONTAINER_DENIED.sub(" ", low)
