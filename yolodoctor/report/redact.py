"""Secrets never leave the machine: credentials in URLs, tokens, keys, user names.

One table of credential shapes (_SHAPES), each a linear-time pattern, applied by redact_text to every
string of every output and every file yolodoctor writes. Shapes follow the published formats of the
issuers (Hugging Face `hf_`, GitHub `ghp_`/`github_pat_`, GitLab `glpat-`, AWS `AKIA`/`ASIA` key ids,
OpenAI-style `sk-`, PyPI `pypi-`) and the places secrets sit in text (URL userinfo, query tokens,
`Authorization:` headers, `KEY=value` assignments in env dumps and pip.conf, `.netrc` lines, PEM
private key blocks). Hand-written rather than a detector library: these few shapes are what
environment reports carry, and a dependency-free table keeps the probe-free install small.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

REDACTED = "***"

_SCHEME = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}://")
_URL_END = re.compile(r"[\s\"'<>`]")
_PEM_BEGIN = re.compile(r"-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----")
_PEM_END = "-----END "

# Key names that hold secrets (as a suffix: HF_TOKEN, PIP_PASSWORD, AWS_SECRET_ACCESS_KEY, OPENAI_API_KEY).
_SECRET_KEY = (r"[A-Za-z0-9_.-]{0,60}(?:token|password|passwd|secret|secret_access_key|api[_-]?key|"
               r"access[_-]?key|private[_-]?key|_key|credentials?|auth)")

# (name, pattern, replacement): group 1, where present, is kept (the key before the secret).
_SHAPES: list[tuple[str, re.Pattern, Callable[[re.Match], str]]] = []


def _shape(name: str, pattern: str, keep_prefix: bool = False, flags: int = 0) -> None:
    compiled = re.compile(pattern, flags)
    replace = (lambda m: m.group(1) + REDACTED) if keep_prefix else (lambda m: REDACTED)
    _SHAPES.append((name, compiled, replace))


_shape("hugging face token", r"(?<![A-Za-z0-9])hf_[A-Za-z0-9]{20,}")
_shape("github token", r"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{30,}")
_shape("github fine-grained token", r"(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{40,}")
_shape("gitlab token", r"(?<![A-Za-z0-9])glpat-[A-Za-z0-9_-]{20,}")
_shape("pypi token", r"(?<![A-Za-z0-9])pypi-[A-Za-z0-9_-]{40,}")
_shape("openai-style key", r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}")
_shape("aws access key id", r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
_shape("authorization header", r"(?i)(?<![A-Za-z0-9])(authorization[\"']?\s{0,4}[:=]\s{0,4}[\"']?"
       r"(?:(?:bearer|basic|token|digest)\s{1,4})?)[^\s\"',;]+", keep_prefix=True)
_shape("bearer token", r"(?i)(?<![A-Za-z0-9])(bearer\s{1,4})[A-Za-z0-9._~+/=-]{8,}", keep_prefix=True)
_shape("query token", r"(?i)([?&;](?:private_token|access_token|refresh_token|id_token|token|api_key|apikey|key|"
       r"password|secret|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token)=)[^&\s#\"'<>]+",
       keep_prefix=True)
_shape("secret assignment", rf"(?i)(?<![A-Za-z0-9_.-])({_SECRET_KEY}[\"']?\s{{0,4}}[=:](?!=)\s{{0,4}}[\"']?)"
       r"(?![\"']?\s|\*\*\*)[^\s\"',;]+", keep_prefix=True)
_shape("netrc password", r"(?i)(?<![A-Za-z0-9_])((?:password|passwd)\s{1,8})(?![=:])[^\s\"']+", keep_prefix=True)


# A substring every shape above needs (a token's literal prefix, a secret's key word): a string
# with none of them holds no secret. Most strings are versions and paths, and redact_text runs on
# every string of every output: one search instead of eleven. A shape added above adds its word here.
_SHAPE_WORDS = (r"hf_|gh[pousr]_|github_pat_|glpat-|pypi-|sk-|akia|asia|authorization|bearer|passw|"
                r"token|secret|key|credential|auth|sig")
_ANY_SHAPE = re.compile(rf"(?i){_SHAPE_WORDS}")

# Terminal escape sequences (CSI, OSC, other two-byte escapes, 8-bit CSI), then any other control or
# bidirectional-override character: host strings (a GPU name, an ImportError) must not drive the terminal.
_ESCAPES = re.compile(r"\x1b\[[0-?]{0,64}[ -/]{0,16}[@-~]|\x1b\][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)?"
                      r"|\x1b[@-Z\\-_]|\x9b[0-?]{0,64}[ -/]{0,16}[@-~]")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Anything redact_text acts on: a control character, a shape's word, a PEM block (URLs are found by
# "://"). Most strings of a report (versions, paths, names) have none: one search and they are done.
_NEEDS_WORK = re.compile(_CONTROLS.pattern + rf"|(?i:{_SHAPE_WORDS})|-----BEGIN ")


def sanitise_text(text: str) -> str:
    """Text safe to render anywhere: escape sequences removed whole, other control characters dropped;
    tabs and newlines kept."""
    if not text or not isinstance(text, str) or not _CONTROLS.search(text):
        return text
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPES.sub("", text)
    return _CONTROLS.sub("", text.replace("\r\n", "\n"))


def redact_text(text: str) -> str:
    """Secrets out, control characters out: every string on its way to any output goes through here."""
    if not text or not isinstance(text, str):
        return text
    if "://" not in text and not _NEEDS_WORK.search(text):
        return text
    text = sanitise_text(text)
    if "-----BEGIN " in text:
        text = _private_keys(text)
    if "://" in text:
        text = _url_credentials(text)
    if _ANY_SHAPE.search(text):
        for _name, pattern, replace in _SHAPES:
            text = pattern.sub(replace, text)
    return text


def _private_keys(text: str) -> str:
    """PEM private key blocks, whole (str.find: linear however many BEGIN lines there are)."""
    out, position = [], 0
    for begin in _PEM_BEGIN.finditer(text):
        if begin.start() < position:
            continue
        end = text.find(_PEM_END, begin.end())
        close = text.find("-----", end + len(_PEM_END)) if end >= 0 else -1
        stop = close + 5 if close >= 0 else len(text)  # no END: everything after BEGIN is key material
        out.append(text[position:begin.start()])
        out.append(f"-----BEGIN PRIVATE KEY-----{REDACTED}-----END PRIVATE KEY-----")
        position = stop
    out.append(text[position:])
    return "".join(out)


def _url_credentials(text: str) -> str:
    """The userinfo of every URL, whatever it holds: e-mail user names, passwords with '@' or '/'."""
    out, position = [], 0
    for scheme in _SCHEME.finditer(text):
        start = scheme.end()
        if start < position:
            continue
        stop = _URL_END.search(text, start)
        end = stop.start() if stop else len(text)
        userinfo_end = _userinfo_end(text[start:end])
        if userinfo_end is None:
            continue
        out.append(text[position:start])
        out.append(REDACTED)
        position = start + userinfo_end  # the '@' and the host stay
    out.append(text[position:])
    return "".join(out)


def _userinfo_end(rest: str):
    """Index of the '@' that ends the userinfo in `rest` (the URL after "scheme://"), or None."""
    first_at = rest.find("@")
    if first_at < 0:
        return None
    first_slash = rest.find("/")
    if first_slash < 0 or first_at < first_slash:
        authority = rest if first_slash < 0 else rest[:first_slash]
        return authority.rfind("@")
    # A '/' before any '@': a password with a '/' in it ("user:pa/ss@host"), or a path with an '@'
    # in it ("github.com/org/repo.git@v1.2"). Only the first has a user:password before the '/'.
    head = rest[:first_slash]
    if ":" not in head or head.rsplit(":", 1)[1].isdigit():
        return None
    following_slash = rest.find("/", first_at)
    return rest.rfind("@", 0, following_slash if following_slash >= 0 else len(rest))


def redact_url(url: Any) -> Any:
    return redact_text(url) if isinstance(url, str) else url


def redact_data(value: Any) -> Any:
    """Redact every string in a JSON-like structure (keys too: env dumps use secrets as keys rarely, values often)."""
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, (list, tuple)):
        return [redact_data(v) for v in value]
    if isinstance(value, dict):
        return {k: _redact_value(k, v) for k, v in value.items()}
    return value


def _redact_value(key: Any, value: Any) -> Any:
    """A value under a key that names a secret (env var HF_TOKEN, pip's password) is hidden whatever it looks like."""
    if isinstance(key, str) and isinstance(value, str) and value and _names_secret(key):
        return REDACTED
    return redact_data(value)


_SECRET_NAME = re.compile(rf"(?i){_SECRET_KEY}")


@lru_cache(maxsize=4096)  # a report repeats the same few hundred keys thousands of times
def _names_secret(key: str) -> bool:
    return _SECRET_NAME.fullmatch(key) is not None


def redact_user(text: str, home: str, user: str) -> str:
    """Replace the home directory and the user name, also inside longer path components
    ("/scratch/alice_runs", "/tmp/venv-alice"), when asked to."""
    if home and home not in ("/", ""):
        text = text.replace(home, "~")
    if user and len(user) > 2:
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(user)}(?![A-Za-z0-9])", "<user>", text)
    return text
