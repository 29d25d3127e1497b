"""Leads: what a paste's words resemble (ingest.resemblance), as notes after what the paste proves.

Where nothing in the paste proves a cause, the leads are all `check --from` can offer. Where causes are proven,
none of them certain, and fewer than three, the leads follow them as the places to look if those are not it: on
the reports of each round of the corpus, met by the code from before that round, such a likely cause was wrong
often enough that the leads behind it put the right one among the first three about twice in a hundred more
(benchmarks/leads_on_fresh_rounds.py). A certain cause gets none where the paste's words agree with it; where they
do not (the word model gives its category under DOUBT for the paste), the leads follow it too: on the same fresh
reports a certain first cause was wrong about once in twenty, and leads after the ones the words doubt put the right
cause among the first three for some of those while seldom coming beside a right one. Leads never rank above a proven
cause and never repeat its category.
"""

from __future__ import annotations

from typing import Sequence

from ..diagnose.model import Finding
from ..i18n import tr
from .model import CERTAIN, LIKELY, IngestResult
from .ranked import describe
from .resemblance import Resemblance, resemblances, shows_trouble, word_probabilities

LEAD_PREFIX = "resembles:"
SHOWN_CAUSES = 3  # leads fill the list up to this many causes: the first three are what a reader takes in
# Below this probability by the word model, a certain cause is one the paste's words do not resemble. Chosen on the
# fresh rounds (benchmarks/leads_on_fresh_rounds.py, dev only): leads after a certain cause under 0.1 put the right
# cause among the first three for 4 more of 1,314 reports and came beside a right first cause 25 more times, where
# leads after every certain cause gain 10 and come beside 271 more. The word model alone (0.07 ms a paste) rather
# than its blend with the nearest reports (2.5 ms) decides it: the blend gained the same 4.
DOUBT = 0.1


def lead_findings(result: IngestResult, areas: dict[str, str], proven: Sequence[Finding] = (),
                  notes: Sequence[Finding] = ()) -> list[Finding]:
    """One note per category the paste's words resemble, most probable first, after the `proven` findings and up
    to SHOWN_CAUSES causes in all; none beside a certain finding whose cause the paste's words resemble, none where
    the paste is yolodoctor's own report (its facts are complete: nothing found means nothing wrong) or tells of no
    trouble. `notes` (risks of the environment that nothing in the paste bears out) follow the leads: their
    categories are not repeated, and they take their places among the SHOWN_CAUSES."""
    summary = result.summary
    if summary is not None and any(p.kind.startswith("yolodoctor_") for p in summary.parts):
        return []
    shown = list(dict.fromkeys([f.category for f in proven] + [f.category for f in notes]))
    room = SHOWN_CAUSES - len(shown)
    if room <= 0:
        return []
    if any(f.certainty == CERTAIN for f in proven) and not _doubted(result.sample, proven):
        return []
    out = []
    for lead in resemblances(result.sample):
        if len(out) == room:
            break
        if lead.category in shown:
            continue
        out.append(_lead(lead, areas, beside_proven=bool(proven)))
    return out


def doubted_notes(sample: str, notes: Sequence[Finding]) -> list[Finding]:
    """The notes (info findings nothing in the paste bears out) whose cause the paste's words do not resemble (under
    DOUBT by the word model), where the paste tells of trouble: the leads go before them."""
    if not notes or not shows_trouble(sample):
        return []
    probability = word_probabilities(sample)
    return [f for f in notes if probability.get(f.category, 0.0) < DOUBT]


def _doubted(sample: str, proven: Sequence[Finding]) -> bool:
    """The paste tells of trouble and its words resemble none of its certain causes' reports."""
    if not shows_trouble(sample):
        return False
    probability = word_probabilities(sample)
    return all(probability.get(f.category, 0.0) < DOUBT for f in proven if f.certainty == CERTAIN)


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
