"""Leads for a paste in which nothing proves a cause: what its words resemble (ingest.resemblance), as notes."""

from __future__ import annotations

from ..diagnose.model import Finding
from ..i18n import tr
from .model import LIKELY, IngestResult
from .ranked import describe
from .resemblance import resemblances

LEAD_PREFIX = "resembles:"


def lead_findings(result: IngestResult, areas: dict[str, str]) -> list[Finding]:
    """One note per category the paste's words resemble, most probable first; none where the paste is yolodoctor's
    own report (its facts are complete: nothing found means nothing wrong) or tells of no trouble."""
    summary = result.summary
    if summary is not None and any(p.kind.startswith("yolodoctor_") for p in summary.parts):
        return []
    out = []
    for lead in resemblances(result.sample):
        percent = round(lead.probability * 100)
        words = ", ".join(lead.words) or "-"
        out.append(Finding(
            id=LEAD_PREFIX + lead.category, category=lead.category, severity="info",
            area=areas.get(lead.category, "system"),
            title=tr("Nothing in the paste proves a cause; its words resemble reports where {cause}",
                     cause=describe(lead.category)),
            message=tr("No message, version or setting in the paste points to a cause. Of the public reports "
                       "yolodoctor was built on, those written in words like these most often had this cause "
                       "({percent}% by a word model); the words that weighed most: {words}.",
                       percent=percent, words=words),
            fix=tr("Paste the whole error output with `python -m torch.utils.collect_env` and `nvidia-smi`, or run "
                   "`yolodoctor check` on the machine itself, so that the cause can be shown rather than guessed."),
            evidence=(tr("the paste's words: {words} (word model, {percent}%)", words=words, percent=percent),),
            certainty=LIKELY, data={"resemblance": round(lead.probability, 3), "words": list(lead.words)}))
    return out
