"""From observations to Facts: precedence, refinement, conflicts, paths."""

import pytest

from yolodoctor.facts.model import Facts, Gpu
from yolodoctor.ingest.assemble import PathError, assemble
from yolodoctor.ingest.model import Observation


def test_nothing_read_gives_an_empty_pasted_facts():
    facts, conflicts, _ = assemble([])
    assert facts.origin == "pasted" and conflicts == []
    assert facts.torch.status is None and facts.nvidia.driver_version is None and facts.python.version is None


def test_higher_precedence_wins_and_the_loser_is_a_conflict():
    facts, conflicts, written = assemble([
        Observation("python.version", "3.9.1", 50, "python_repl"),
        Observation("python.version", "3.10.12", 3, "collect_env"),
    ])
    assert facts.python.version == "3.10.12"
    assert [(c.kept, c.kept_line, c.other, c.other_line) for c in conflicts] == [("3.10.12", 3, "3.9.1", 50)]
    assert written["python.version"].source == "collect_env"


def test_a_more_precise_reading_of_the_same_value_is_kept_without_conflict():
    facts, conflicts, _ = assemble([
        Observation("python.version", "3.10", 1, "paths"),
        Observation("python.version", "3.10.12", 9, "python_repl"),
        Observation("nvidia.gpus[0].name", "Tesla V100-PCIE", 2, "nvidia_smi"),
        Observation("nvidia.gpus[0].name", "Tesla V100-PCIE-32GB", 8, "collect_env"),
    ])
    assert facts.python.version == "3.10.12" and facts.nvidia.gpus[0].name == "Tesla V100-PCIE-32GB"
    assert conflicts == []
    _, conflicts, _ = assemble([Observation("python.version", "3.1", 1, "paths"),
                                Observation("python.version", "3.10.2", 2, "python_repl")])
    assert len(conflicts) == 1  # "3.1" is not a prefix reading of "3.10.2"


def test_list_items_are_keyed_and_sorted():
    facts, _, _ = assemble([
        Observation("nvidia.gpus[1].name", "B", 5, "nvidia_smi"),
        Observation("nvidia.gpus[0].name", "A", 9, "nvidia_smi"),
        Observation("python.distributions[flash-attn].name", "flash_attn", 1, "pip_line"),
        Observation("python.distributions[flash-attn].version", "2.5.8", 1, "pip_line"),
        Observation("host.container_evidence[]", "x", 1, "docker"),
        Observation("host.container_evidence[]", "x", 2, "docker"),
        Observation("packages.flash_attn.details.cuda_ext_ok", False, 3, "errors"),
        Observation("nvidia.driver_versions_seen.nvidia-smi", "535.104.05", 4, "nvidia_smi"),
    ])
    assert [(g.index, g.name) for g in facts.nvidia.gpus] == [(0, "A"), (1, "B")]
    assert facts.distribution("flash-attn").version == "2.5.8"
    assert facts.host.container_evidence == ["x"]
    assert facts.package("flash_attn").details == {"cuda_ext_ok": False}
    assert facts.nvidia.driver_versions_seen == {"nvidia-smi": "535.104.05"}


def test_yolodoctor_own_facts_are_the_base_and_are_not_overwritten():
    base = Facts(origin="live")
    base.nvidia.driver_version = "550.54.15"
    base.nvidia.gpus = [Gpu(index=0, name="NVIDIA H100")]
    facts, conflicts, _ = assemble([
        Observation("*", base, 10, "yolodoctor_report"),
        Observation("nvidia.driver_version", "470.57.02", 1, "nvidia_smi"),
        Observation("torch.cuda_available", False, 2, "python_repl"),
    ])
    assert facts.nvidia.driver_version == "550.54.15"
    assert facts.torch.cuda_available is False  # what the base did not know is filled in
    assert [(c.path, c.kept, c.other) for c in conflicts] == [("nvidia.driver_version", "550.54.15", "470.57.02")]
    assert facts.origin == "pasted" and base.nvidia.driver_version == "550.54.15"


@pytest.mark.parametrize("path", ["torch.nonsense", "nvidia.gpus[x].name", "packages.cv2", "host.os.more",
                                  "nvidia.driver_versions_seen"])
def test_a_bad_path_is_a_bug_reported_as_such(path):
    with pytest.raises(PathError):
        assemble([Observation(path, "v", 1, "errors")])
