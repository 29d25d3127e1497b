"""Issue-template lines whose answer says no: the question names a setting, the answer denies it.

Issue templates ask about the environment and leave the answer to the reporter on the same line. The line names
Docker whatever the answer, so a reader that takes the word for a fact places the run in a container it never saw.
Two shapes are read:

- a yes/no question: "- 是否使用 Docker 部署（是/否）：否 / Is Docker deployment used (yes/no): no". A line that
  carries a yes/no choice ("是/否", "yes/no", "y/n") states what it names only when the answer after its last colon
  says yes (是, yes, y, true, 使用, 用了); answered no, or not at all, it states nothing (ingest.context skips it);
- a container field answered no: "- Docker: no", "Using Docker: None", "container: n/a". Only a short negative
  answer closing the line is read ("Docker: no module named x" is not an answer).
"""

from __future__ import annotations

import re

# the choice offered: （是/否） (yes/no) [y/n]
_CHOICE = re.compile(r"(?:是\s{0,2}/\s{0,2}否|否\s{0,2}/\s{0,2}是|\byes\s{0,2}/\s{0,2}no\b|\bno\s{0,2}/\s{0,2}yes\b"
                     r"|\by\s{0,2}/\s{0,2}n\b)")
_YES = re.compile(r"(?:是(?!否)|有|使用|用了|\byes\b|\by\b|\btrue\b)")
_NO = re.compile(r"(?:否|不|没|未|无|\bno\b|\bn\b|\bfalse\b|\bnone\b)")
_COLON = re.compile(r"\s{0,3}[:：]")

# A container word, the template's separator, and a negative answer that ends the line (lower-cased text).
_CONTAINER_DENIED = re.compile(
    r"(?<![a-z])(?:docker|container|podman|singularity|apptainer|kubernetes|k8s)[ \t]{0,3}[:?=][ \t]{0,3}"
    r"(?:no|none|n/a|na|false|nope|not used|not using it|0)[ \t.]{0,3}$")


def unaffirmed_choice(low: str) -> bool:
    """The lower-cased line offers a yes/no choice and its answer does not say yes."""
    if "/" not in low or not _CHOICE.search(low):
        return False
    # each choice is answered after the colon that follows it, up to the next "/" (a bilingual template line holds
    # two questions: "...（是/否）：否 / ... (yes/no): no"); any yes among the answers affirms the line
    for choice in _CHOICE.finditer(low):
        colon = _COLON.match(low, choice.end()) or _COLON.match(low, choice.end() + 1)
        if colon is None:
            continue
        answer = low[colon.end():].split("/", 1)[0]
        if _YES.search(answer) and not _NO.search(answer):
            return False
    return True


def without_denied_container(low: str) -> str:
    """The lower-cased line with a template's negative container answer blanked out (the line itself otherwise)."""
    if ":" not in low and "?" not in low and "=" not in low:
        return low
    return _CONTAINER_DENIED.sub(" ", low)
