"""The public reports nearest to a paste (ingest.neighbours) and their votes blended into the leads."""

from __future__ import annotations

import sys

import pytest

from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.ingest.leads import LEAD_PREFIX
from yolodoctor.ingest.neighbours import build_index, load_index, nearest, parse_index, votes
from yolodoctor.ingest.resemblance import WordModel, ranked, resemblances, words_of
from yolodoctor.knowledge.files import KnowledgeError, load_toml
from yolodoctor.report.check_report import CheckOptions

sys.path.insert(0, "benchmarks")
from report_split import load_manifest, split_of  # noqa: E402

REPORTS = [
    ("shm_small", "https://example.org/1", frozenset({"dataloader", "bus", "error", "worker"})),
    ("shm_small", "https://example.org/2", frozenset({"dataloader", "bus", "error", "docker"})),
    ("gpu_oom", "https://example.org/3", frozenset({"cuda", "out", "memory", "error"})),
    ("gpu_oom", "https://example.org/4", frozenset({"cuda", "out", "memory", "worker"})),
    ("wrong_interpreter", "https://example.org/5", frozenset({"jupyter", "kernel", "error", "docker"})),
    ("wrong_interpreter", "https://example.org/6", frozenset({"jupyter", "kernel", "module"})),
]


def test_words_held_by_one_report_only_are_left_out():
    index = build_index(REPORTS, k=3, share=0.5)
    assert "module" not in index.postings and index.postings["jupyter"] == (4, 5)
    assert index.idf["error"] < index.idf["bus"]  # a word three reports hold weighs less than one two hold


def test_the_nearest_reports_share_the_rarest_words_and_come_first():
    index = build_index(REPORTS, k=3, share=0.5)
    found = nearest(index, words_of("DataLoader worker: Bus error"))
    assert [n.source for n in found[:2]] == ["https://example.org/1", "https://example.org/2"]
    assert found[0].similarity > found[1].similarity > found[2].similarity > 0
    assert found[0].shared[:2] == ("bus", "dataloader") and "error" in found[0].shared
    assert len(found) == 3


def test_a_paste_that_shares_no_word_has_no_neighbour():
    index = build_index(REPORTS, k=3, share=0.5)
    assert nearest(index, words_of("nothing in common here")) == []
    assert votes([]) == {}


def test_votes_are_shares_of_the_similarity():
    index = build_index(REPORTS, k=4, share=0.5)
    shares = votes(nearest(index, words_of("DataLoader worker: Bus error")))
    assert shares["shm_small"] > 0.5 and sum(shares.values()) == pytest.approx(1.0)


TOY = WordModel(categories=("gpu_oom", "shm_small", "wrong_interpreter"), bias=(0.0, 0.0, 0.0),
                weights={"memory": ((0, 3.0),)}, min_probability=0.05, limit=3)


def test_the_votes_move_a_lead_the_word_model_alone_would_not_show_first():
    index = build_index(REPORTS, k=3, share=0.6)
    words = words_of("DataLoader worker: Bus error")
    alone, _ = ranked(TOY, None, words)
    assert [p for _, p in alone] == pytest.approx([1 / 3] * 3)  # no word the model knows: no preference
    blended, neighbours = ranked(TOY, index, words)
    assert blended[0][0] == "shm_small" and neighbours[0].category == "shm_small"
    assert sum(p for _, p in blended) == pytest.approx(1.0)
    leads = resemblances("DataLoader worker: Bus error, it fails", TOY, index)
    assert leads[0].category == "shm_small" and leads[0].nearest == "https://example.org/1"
    assert leads[0].words[:2] == ("bus", "dataloader")  # the model weighs none: the shared rarest words


def test_with_no_share_the_word_model_decides_alone():
    index = build_index(REPORTS, k=3, share=0.0)
    words = words_of("cuda out of memory, the worker fails")
    assert ranked(TOY, index, words)[0] == ranked(TOY, None, words)[0]


def test_a_malformed_index_is_a_knowledge_error():
    good = {"neighbours": {"k": 2, "share": 0.3,
                           "reports": ["shm_small https://example.org/1", "gpu_oom https://example.org/3"],
                           "words": {"bus": "0", "error": "0 1"}}}
    index = parse_index(good)
    assert index.categories == ("shm_small", "gpu_oom") and index.postings["error"] == (0, 1)
    assert nearest(index, frozenset({"error", "bus"}))[0].source == "https://example.org/1"
    table = good["neighbours"]
    for broken in ({}, {"neighbours": {**table, "words": {"bus": "7"}}},
                   {"neighbours": {**table, "words": {"bus": "one"}}},
                   {"neighbours": {**table, "words": {"bus": "0 9 1"}}},
                   {"neighbours": {**table, "words": {"bus": "-1"}}},
                   {"neighbours": {**table, "words": {"bus": ""}}},
                   {"neighbours": {**table, "words": ["bus"]}},
                   {"neighbours": {**table, "share": 1.5}},
                   {"neighbours": {**table, "k": 0}},
                   {"neighbours": {**table, "reports": ["shm_small", "gpu_oom https://x"]}}):
        with pytest.raises(KnowledgeError):
            parse_index(broken)


# -- the shipped index -------------------------------------------------------------------------------------------

def test_the_shipped_index_holds_dev_reports_only_each_once():
    data = load_toml("compat", "report_neighbours.toml")["neighbours"]
    split = {r["source"]: (r["category"], split_of(r["source"])) for r in load_manifest()}
    sources = [line.split()[1] for line in data["reports"]]
    assert len(sources) > 2000 and len(set(sources)) == len(sources)
    assert all(split[s][1] == "dev" for s in sources), "a test report is in the index"
    assert all(split[line.split()[1]][0] == line.split()[0] for line in data["reports"])
    assert len(data["words"]) > 2000 and all(len(numbers.split()) >= 2 for numbers in data["words"].values())


def test_the_shipped_index_matches_the_shipped_word_model():
    words = load_toml("compat", "report_words.toml")["model"]["trained_on"].split()
    assert len(load_index().sources) == len(words)


def test_a_lead_names_the_nearest_public_report_of_its_cause():
    text = "training is very slow and then the dataloader worker is killed by a Bus error in docker, why?"
    findings = build_pasted_report(ingest_text(text), CheckOptions()).document["findings"]
    leads = [f for f in findings if f["id"].startswith(LEAD_PREFIX)]
    assert leads and leads[0]["data"]["nearest_report"].startswith("https://")
    assert any("nearest public report" in line for line in leads[0]["evidence"])
