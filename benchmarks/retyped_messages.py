"""How many signatures still know their message when a person retypes it.

Every signature's `example` is a message as some tool printed it. People paste
it lower-cased, with doubled spaces, with curly quotes from a web page or a
chat app, with a Chinese input method's full-width colon, wrapped by a
terminal, behind a log prefix, or cut short. This applies each of those edits
to every example and counts the signatures whose own pattern still matches the
edited text (the scanner as `check --from` runs it, needle pre-filter
included).

    python benchmarks/retyped_messages.py            # per-edit table
    python benchmarks/retyped_messages.py --misses   # the signatures each edit loses

The edits are mechanical, so the figure is a floor for robustness, not an
accuracy: a retyped message that no longer says what it meant cannot count.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from yolodoctor.ingest.errors import Scanner, load_signatures  # noqa: E402


def lower_cased(text: str) -> str:
    return text.lower()


def doubled_spaces(text: str) -> str:
    return text.replace(" ", "  ")


def curly_quotes(text: str) -> str:
    out, single, double = [], True, True
    for char in text:
        if char == "'":
            out.append("\u2018" if single else "\u2019")
            single = not single
        elif char == '"':
            out.append("\u201c" if double else "\u201d")
            double = not double
        else:
            out.append(char)
    return "".join(out)


def full_width_colon(text: str) -> str:
    return text.replace(": ", "\uff1a")


def terminal_wrapped(text: str) -> str:
    """A newline in place of the space nearest the middle of the longest line."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    line = lines[longest]
    spaces = [i for i, c in enumerate(line) if c == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(i - len(line) // 2))
    lines[longest] = line[:cut] + "\n" + line[cut + 1:]
    return "\n".join(lines)


def log_prefixed(text: str) -> str:
    return "\n".join("2024-05-01 10:22:13,481 - ERROR - " + line for line in text.split("\n"))


def tail_cut(text: str) -> str:
    """The message up to the last space before three quarters of its length."""
    keep = text[: int(len(text) * 0.75)]
    space = keep.rfind(" ")
    return keep[:space] if space > len(text) // 3 else keep


EDITS: dict[str, Callable[[str], str]] = {
    "as printed": lambda text: text,
    "lower-cased": lower_cased,
    "doubled spaces": doubled_spaces,
    "curly quotes": curly_quotes,
    "full-width colon": full_width_colon,
    "terminal-wrapped": terminal_wrapped,
    "log prefix": log_prefixed,
    "cut at 3/4": tail_cut,
}


def fires(signature, text: str, signatures) -> bool:
    scanner = Scanner(signatures)
    scanner.scan_text(1, text)
    return signature.id in scanner.matches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list the signatures each edit loses")
    args = parser.parse_args(argv)
    signatures = load_signatures()
    print(f"{len(signatures)} signatures; an edit counts where it changes the example")
    print(f"{'edit':<18} {'still fires':>14}")
    for name, edit in EDITS.items():
        changed = [(s, edit(s.example)) for s in signatures]
        changed = [(s, t) for s, t in changed if name == "as printed" or t != s.example]
        lost = [s.id for s, t in changed if not fires(s, t, (s,))]
        kept = len(changed) - len(lost)
        share = kept / len(changed) if changed else 1.0
        print(f"{name:<18} {kept:>5}/{len(changed):<4} {share:>4.0%}")
        if args.misses and lost:
            print("    lost: " + ", ".join(lost))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
