"""`yolodoctor explain` for an error signature: the id a finding of `check --from` carries
(`windows-paging-file`, `torch-not-compiled-with-cuda`) explained the way a rule is."""

from __future__ import annotations

import re

from ..copytext import wrap as copy_wrap
from .files import KnowledgeError

_RULE_ID = re.compile(r"YD\d{3}")


def find_signature(finding_id: str):
    """The signature of the table with this id (case-insensitive), or None. A finding that reads a message as
    another of its causes carries `signature-id:category`: that is the same signature."""
    from ..ingest.errors import load_signatures

    wanted = finding_id.strip().lower().split(":", 1)[0]
    return next((s for s in load_signatures() if s.id == wanted), None)


def has_explanation(finding_id: str) -> bool:
    """`yolodoctor explain` knows this finding's id: a rule's (YD101) or an error signature's. Findings drawn from
    what a paste says around its messages (which interpreter ran, what was installed) have no entry of their own."""
    if _RULE_ID.fullmatch(finding_id):
        return True
    try:
        return find_signature(finding_id) is not None
    except KnowledgeError:
        return False


def _texts(signature, language: str) -> tuple[str, str]:
    """(title, fix) in the language, English where the entry has no translation."""
    if language != "en":
        return signature.title_zh or signature.title, signature.fix_zh or signature.fix
    return signature.title, signature.fix


def signature_dict(signature, language: str) -> dict:
    title, fix = _texts(signature, language)
    return {"language": language, "id": signature.id, "kind": "error_signature", "category": signature.category,
            "certainty": signature.certainty, "title": title, "example": signature.example, "fix": fix,
            "references": [signature.source], "file": "compat/error_signatures.toml"}


def signature_text(signature, language: str, width: int = 100) -> str:
    """The entry in full: what message it reads, what that means, the fix, where the message was met."""
    from ..i18n import tr

    title, fix = _texts(signature, language)
    certainty = (tr("certain (the message proves it)") if signature.certainty == "certain"
                 else tr("likely (its usual cause)"))
    lines = ["\n".join(copy_wrap(f"# {signature.id}: {title}", width)), "",
             "\n".join(copy_wrap(tr("Error signature   Category: {category}   Certainty: {certainty}",
                                    category=signature.category, certainty=certainty), width)), "",
             tr("## The message, as it was printed"), "",
             # kept whole: a message is searched for as it is, never re-wrapped
             *("  " + line for line in signature.example.splitlines()), "",
             tr("## Fix"), "", "\n".join(copy_wrap(fix, width)), "",
             tr("## References"), "", f"- {signature.source}", "",
             "\n".join(copy_wrap(tr("Defined in compat/error_signatures.toml; `yolodoctor check --from FILE` "
                                    "finds it in a pasted log."), width))]
    return "\n".join(lines) + "\n"

