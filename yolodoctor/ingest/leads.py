"""Leads: what a paste's words resemble (ingest.resemblance), as notes after what the paste proves.

Where nothing in the paste proves a cause, the leads are all `check --from` can offer. Where causes are proven,
none of them certain, and fewer than three, the leads follow them as the places to look if those are not it: on
the reports of each round of the corpus, met by the code from before that round, such a likely cause was wrong
often enough that the leads behind it put the right one among the first three about twice in a hundred more
(benchmarks/leads_on_fresh_rounds.py). A certain cause gets none: what the paste proves is not second-guessed by
its words. Leads never rank above a proven cause and never repeat its category.
"""

from __future__ import annotations

from typing import Sequence

from ..diagnose.model import Finding
from ..i18n import tr
from .model import CERTAIN, LIKELY, IngestResult
from .ranked import describe
from .resemblance import Resemblance, resemblances

LEAD_PREFIX = "resembles:"
SHOWN_CAUSES = 3  # leads fill the list up to this many causes: the first three are what a reader takes in


def lead_findings(result: IngestResult, areas: dict[str, str], proven: Sequence[Finding] = ()) -> list[Finding]:
    """One note per category the paste's words resemble, most probable first, after the `proven` findings and up
    to SHOWN_CAUSES causes in all; none beside a certain finding, none where the paste is yolodoctor's own report
    (its facts are complete: nothing found means nothing wrong) or tells of no trouble."""
    summary = result.summary
    if summary is not None and any(p.kind.startswith("yolodoctor_") for p in summary.parts):
        return []
    if any(f.certainty == CERTAIN for f in proven):
        return []
    shown = list(dict.fromkeys(f.category for f in proven))
    room = SHOWN_CAUSES - len(shown)
    if room <= 0:
        return []
    out = []
    for lead in resemblances(result.sample):
        if len(out) == room:
            break
        if lead.category in shown:
            continue
        out.append(_lead(lead, areas, beside_proven=bool(shown)))
    return out


def _lead(lead: Resemblance, areas: dict[str, str], beside_proven: bool) -> Finding:
    percent = round(lead.probability * 100)
    words = ", ".join(lead.words) or "-"
    if beside_proven:
        title = tr("If not the above: the paste's words also resemble reports where {cause}",
                   cause=describe(lead.category))
        message = tr("Of the public reports yolodoctor was built on, those written in words like these had this "
                     "cause in {percent}% (by a word model and the nearest reports); the words that weighed most: "
                     "{words}. Look here if the causes above do not fit.", percent=percent, words=words)
    else:
        title = tr("Nothing in the paste proves a cause; its words resemble reports where {cause}",
                   cause=describe(lead.category))
        message = tr("No message, version or setting in the paste points to a cause. Of the public reports "
                     "yolodoctor was built on, those written in words like these most often had this cause "
                     "({percent}% by a word model and the nearest reports); the words that weighed most: {words}.",
                     percent=percent, words=words)
    evidence = (tr("the paste's words: {words} (word model and nearest reports, {percent}%)", words=words,
                   percent=percent),)
    if lead.nearest:
        evidence += (tr("the nearest public report with this cause: {url}", url=lead.nearest),)
    return Finding(
        id=LEAD_PREFIX + lead.category, category=lead.category, severity="info",
        area=areas.get(lead.category, "system"), title=title, message=message,
        fix=tr("Paste the whole error output with `python -m torch.utils.collect_env` and `nvidia-smi`, or run "
               "`yolodoctor check` on the machine itself, so that the cause can be shown rather than guessed."),
        evidence=evidence,
        certainty=LIKELY, data={"resemblance": round(lead.probability, 3), "words": list(lead.words),
                                "nearest_report": lead.nearest})
