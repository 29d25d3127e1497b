"""Combining rule findings with the paste's error signals, and the ranking."""

from yolodoctor.diagnose.model import Finding
from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.triage import triage

from pasted import proven


def rule(rule_id, category, certainty="likely", severity="error", message="", evidence=()):
    return Finding(id=rule_id, category=category, severity=severity, area="driver", title=rule_id, message=message,
                   fix="fix it", certainty=certainty, evidence=tuple(evidence))


def test_a_signal_of_the_same_category_corroborates_and_makes_certain():
    result = ingest_text("RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n")
    [finding] = triage(result, [rule("YD101", "driver_too_old", certainty="likely")])
    assert finding.id == "YD101" and finding.certainty == "certain"
    assert finding.evidence[-1].startswith("pasted line 1: The NVIDIA driver on your system is too old")
    assert finding.data["signals"] == ["torch-driver-too-old"]


def test_a_likely_signal_does_not_make_a_finding_certain():
    result = ingest_text("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error.\n")
    [finding] = proven(triage(result, [rule("YD701", "shm_small", certainty="likely")]))  # leads may follow it
    assert finding.certainty == "likely" and finding.id == "YD701"


def test_a_signal_corroborates_a_finding_of_one_of_its_alternatives():
    result = ingest_text("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error.\n")
    [finding] = triage(result, [rule("YD703", "resources_low", certainty="certain", severity="warning")])
    assert finding.id == "YD703" and finding.data["signals"] == ["dataloader-bus-error"]


def test_a_specific_rule_quoting_the_same_error_absorbs_the_signal_but_a_catch_all_does_not():
    text = "ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory\n"
    specific = rule("YD304", "cudnn_problem", certainty="certain", message=f"torch cannot load cuDNN: {text}")
    assert [f.id for f in triage(ingest_text(text), [specific])] == ["YD304"]
    catch_all = rule("YD203", "other", certainty="certain", message=f"import torch fails: {text}")
    assert [f.id for f in triage(ingest_text(text), [catch_all])] == ["cudnn-lib-cannot-open", "YD203"]


def test_a_symptom_whose_cause_the_facts_prove_becomes_a_certain_finding_of_that_cause():
    result = ingest_text("Ultralytics YOLOv8.1.3 🚀 Python-3.10.11 torch-2.1.0+cpu\n"
                         "ValueError: Invalid CUDA 'device=0' requested. Use 'device=cpu'\n")
    first = triage(result, [])[0]
    assert (first.category, first.certainty, first.severity) == ("torch_cpu_only", "certain", "error")
    assert "torch 2.1.0+cpu (a +cpu build)" in first.evidence


def test_driver_older_than_torch_is_proven_from_the_two_versions():
    result = ingest_text("NVIDIA-SMI 470.57.02    Driver Version: 470.57.02    CUDA Version: 11.4\n"
                         "Ultralytics 8.3.40 🚀 Python-3.10.12 torch-2.5.1+cu124\n"
                         "ValueError: Invalid CUDA 'device=0' requested.\n")
    first = triage(result, [])[0]
    assert first.category == "driver_too_old" and first.certainty == "certain"


def test_an_unexplained_symptom_keeps_its_category_and_lists_its_alternatives_after_it():
    result = ingest_text("ValueError: Invalid CUDA 'device=0' requested.\n")
    findings = triage(result, [])
    assert [f.category for f in findings] == ["gpu_not_visible", "driver_too_old", "torch_cpu_only"]
    assert [f.certainty for f in findings] == ["likely"] * 3
    assert findings[1].title.startswith("Also possible:") and findings[1].severity == "info"


def test_signals_of_one_category_become_one_finding():
    text = ("curl: (28) Failed to connect to github.com port 443 after 127322 ms: Connection timed out\n"
            "Download failure, retrying 2/3 https://github.com/ultralytics/assets/releases/download/v0.0.0/yolov8n.pt\n")
    [finding] = triage(ingest_text(text), [])
    assert finding.id == "ultralytics-download-failure" and finding.certainty == "certain"
    assert len(finding.evidence) == 2 and finding.data["lines"] == [1, 2]


def test_ranking_explained_errors_first_then_certainty_then_root_causes_before_symptoms():
    text = ("RuntimeError: CUDA out of memory. Tried to allocate 20.00 MiB\n"
            "ValueError: Invalid CUDA 'device=0' requested.\n"
            "RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus error.\n")
    unrelated = rule("YD901", "python_unsupported", certainty="certain", severity="warning")
    categories = [f.category for f in triage(ingest_text(text), [unrelated])]
    # certain message first; the likely root cause (shm) before the likely symptom (no GPU visible);
    # alternatives after every primary; a finding no error in the paste points at comes last
    assert categories[0] == "gpu_oom"
    assert categories.index("shm_small") < categories.index("gpu_not_visible") < categories.index("resources_low")
    assert categories[-1] == "python_unsupported"


def test_an_error_message_leads_a_docker_observation_of_the_same_category():
    text = "docker run -it img sh\nbash: nvidia-smi: command not found\n"
    findings = proven(triage(ingest_text(text), []))  # leads may follow
    # both say no GPU is visible: one finding, led by the error message, with the command line as evidence
    assert findings[0].id == "nvidia-smi-missing" and findings[0].severity == "error"
    assert findings[0].data["signals"] == ["docker-run-without-gpus", "nvidia-smi-missing"]
    assert [(f.id, f.severity) for f in findings[1:]] == [("docker-run-default-shm", "warning")]


# ---- what the real-report corpus taught (docs/performance.md, "Accuracy on real reports") ----------------

def test_a_finding_that_explains_the_pasted_error_is_at_least_a_warning():
    text = "OSError: CUDA_HOME environment variable is not set. Please set it to your CUDA install root.\n"
    note = rule("YD211", "cuda_home_nvcc", certainty="likely", severity="info")
    [finding] = triage(ingest_text(text), [note])
    assert (finding.id, finding.severity) == ("YD211", "warning")


def test_torch_shown_installed_yet_not_importable_is_another_interpreter():
    # pytorch/pytorch#909: python imports torch 0.1.9, the ipython of another Anaconda cannot.
    text = (">>> import torch\n>>> torch.__version__\n'0.1.9+0720ba5'\n"
            "In [1]: import torch\nModuleNotFoundError: No module named 'torch'\n")
    result = ingest_text(text)
    first = triage(result, [rule("YD201", "torch_missing", certainty="certain")])[0]
    assert (first.category, first.certainty, first.severity) == ("wrong_interpreter", "certain", "error")
    assert any("0.1.9+0720ba5" in e and "inferred" in e for e in first.evidence)


def test_no_module_named_torch_alone_stays_torch_missing_with_the_interpreter_as_an_alternative():
    found = proven(triage(ingest_text("ModuleNotFoundError: No module named 'torch'\n"), []))  # leads may follow
    assert [f.category for f in found] == ["torch_missing", "wrong_interpreter"]
    assert found[1].severity == "info"


def test_several_environments_in_one_paste_the_failing_one_is_diagnosed():
    text = ("On my desktop it works:\n"
            "Ultralytics 8.3.40 🚀 Python-3.11.9 torch-2.4.1+cu121 CUDA:0 (NVIDIA GeForce RTX 3060, 12288MiB)\n"
            "On the laptop it fails:\n"
            "Ultralytics 8.3.40 🚀 Python-3.11.9 torch-2.4.1+cpu CPU (Intel Core i7)\n"
            "ValueError: Invalid CUDA 'device=0' requested. Use 'device=cpu' or pass valid CUDA device(s) if "
            "available, i.e. 'device=0' or 'device=0,1,2,3' for Multi-GPU.\n")
    result = ingest_text(text)
    assert result.facts.torch.version == "2.4.1+cpu"
    assert any("more than one environment" in n and "line 5" in n for n in result.summary.notes)
    assert triage(result, [])[0].category == "torch_cpu_only"
    # The same two environments, the failing one first: still the failing one.
    lines = text.splitlines()
    reordered = "\n".join([lines[2], lines[3], lines[4], lines[0], lines[1]]) + "\n"
    assert ingest_text(reordered).facts.torch.version == "2.4.1+cpu"


def test_no_cuda_device_beside_a_driver_library_mismatch_is_the_mismatch():
    text = ("WARNING (theano.sandbox.cuda): CUDA is installed, but device gpu is not available  (error: Unable to "
            "get the number of gpus available: no CUDA-capable device is detected)\n"
            "ubuntu@ip-10-0-0-4:~$ nvidia-smi\nFailed to initialize NVML: Driver/library version mismatch\n")
    assert triage(ingest_text(text), [])[0].category == "driver_mismatch"


def test_one_taxonomy_a_missing_cudnn_library_is_a_cudnn_problem_for_signatures_and_rules():
    from yolodoctor.ingest.errors import load_signatures

    for signature in load_signatures():
        if "libcudnn" in signature.example and "undefined symbol" not in signature.example:
            assert signature.category == "cudnn_problem", signature.id
    text = "ImportError: libcudnn_ops_infer.so.8: cannot open shared object file: No such file or directory\n"
    assert [s.category for s in ingest_text(text).signals] == ["cudnn_problem"]


def test_a_catch_all_quoting_the_same_line_is_no_evidence_for_the_signals_other_reading():
    """A signal whose known alternative is `other` is not swallowed by the generic "import torch fails" finding
    that only quotes the signal's own line: the signal's category leads, the catch-all follows it."""
    text = ('OSError: [WinError 127] The specified procedure could not be found. Error loading '
            '"C:\\env\\Lib\\site-packages\\torch\\lib\\cudnn_ops_infer64_8.dll" or one of its dependencies.\n')
    catch_all = rule("YD203", "other", certainty="certain", message=f"import torch fails: {text}")
    ranked = triage(ingest_text(text), [catch_all])
    assert ranked[0].id == "windows-torch-cudnn-dll" and ranked[0].category == "cudnn_problem"
    assert "YD203" in [f.id for f in ranked[1:]]
    # An `other` finding that read something else than this line still corroborates the `other` reading.
    elsewhere = rule("YD999", "other", certainty="certain", message="the program was frozen by a packager")
    assert [f.id for f in triage(ingest_text(text), [elsewhere])] == ["YD999"]
