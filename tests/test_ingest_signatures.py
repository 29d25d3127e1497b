"""The error-signature table and the scanner."""

import re

import pytest

from yolodoctor.diagnose.model import CATEGORIES
from yolodoctor.ingest import ingest_text
from yolodoctor.ingest.error_facts import extractor_ids
from yolodoctor.ingest.errors import Scanner, load_signatures, signatures_path
from yolodoctor.knowledge.files import KnowledgeError

SIGNATURES = load_signatures()


def test_every_signature_is_complete_and_sourced():
    assert len(SIGNATURES) >= 60
    for signature in SIGNATURES:
        assert signature.category in CATEGORIES, signature.id
        assert set(signature.alternatives) <= set(CATEGORIES), signature.id
        assert signature.category not in signature.alternatives, signature.id
        assert re.match(r"https://(github\.com|docs\.nvidia\.com|docs\.docker\.com)/", signature.source), signature.id
        assert signature.title and not signature.title.endswith("."), signature.id


@pytest.mark.parametrize("signature", SIGNATURES, ids=lambda s: s.id)
def test_each_example_is_found_by_the_scanner_as_its_own_signature(signature):
    result = ingest_text("some unrelated line\n" + signature.example + "\nanother line\n")
    found = {s.id: s for s in result.signals}
    refinements = [s.id for s in SIGNATURES if signature.id in s.supersedes and s.id in found]
    if refinements:  # the example also shows a more specific message, which wins on those lines
        return
    assert signature.id in found, f"{signature.id} not found in its own example"
    start = signature.pattern.search(signature.example).start()
    assert found[signature.id].line == 2 + signature.example.count("\n", 0, start)
    assert found[signature.id].category == signature.category


def test_extractors_name_real_signatures():
    ids = {s.id for s in SIGNATURES}
    assert set(extractor_ids()) <= ids


def test_a_message_wrapped_by_the_terminal_still_matches():
    text = ("RuntimeError: DataLoader worker (pid 47) is killed by signal: Bus\n"
            "error. It is possible that dataloader's workers are out of shared\nmemory.\n")
    signals = ingest_text(text).signals
    assert [(s.id, s.line) for s in signals if s.id == "dataloader-bus-error"] == [("dataloader-bus-error", 1)]
    # The wrap loses nothing: the same signatures read the message on one line.
    assert {s.id for s in signals} == {s.id for s in ingest_text(" ".join(text.split("\n"))).signals}


def test_repeated_messages_are_one_signal_with_a_count():
    text = "epoch 1\n" + "RuntimeError: CUDA error: out of memory\nretrying\n" * 5
    [signal] = ingest_text(text).signals
    assert signal.id == "cuda-error-out-of-memory"
    assert (signal.line, signal.count) == (2, 5)


def test_a_specific_signature_replaces_the_general_one_on_the_same_lines():
    text = ("<ipython-input-10-eb42ca6e4af3> in <module>\n----> 1 import torch\n"
            "ModuleNotFoundError: No module named 'torch'\n")
    ids = [s.id for s in ingest_text(text).signals]
    assert ids == ["jupyter-torch-missing"]
    # ... but not a general match elsewhere in the paste
    ids = [s.id for s in ingest_text(text + "\n" * 30 + "$ python train.py\nModuleNotFoundError: No module named "
                                      "'torch'\n").signals]
    assert sorted(ids) == ["jupyter-torch-missing", "torch-module-missing"]


def test_module_names_that_merely_start_with_torch_are_not_torch():
    assert ingest_text("ModuleNotFoundError: No module named 'torchvision'\n").signals == []
    assert ingest_text("No module named 'torch.distributed.elastic'\n").signals == []


def test_signal_carries_verbatim_text_and_source():
    [signal] = ingest_text("Failed to initialize NVML: Driver/library version mismatch\n").signals
    assert signal.text == "Failed to initialize NVML: Driver/library version mismatch"
    assert signal.source.startswith("https://")
    assert signal.certainty == "certain" and signal.category == "driver_mismatch"


def test_scanner_line_numbers_for_text_given_in_blocks():
    scanner = Scanner(SIGNATURES)
    scanner.scan_text(1000, "noise\nnoise\nRuntimeError: Numpy is not available\n")
    [signal] = scanner.signals()
    assert signal.line == 1002


@pytest.mark.parametrize("broken, message", [
    ("category = \"driver_too_old\"", "unknown category"),
    ("pattern = '(unclosed'", "does not compile"),
    ("example = 'nothing to see'", "does not match its example"),
])
def test_a_broken_table_is_refused_with_the_entry_named(tmp_path, broken, message):
    entry = {
        "category": 'category = "gpu_oom"',
        "pattern": "pattern = 'CUDA out of memory'",
        "example": "example = 'CUDA out of memory. Tried'",
    }
    key = broken.split(" = ")[0]
    entry[key] = broken.replace("driver_too_old", "not_a_category")
    (tmp_path / "sig.toml").write_text(
        '[tables.signature]\nsource = ["x"]\nread = "2026-11-22"\n\n[[signature]]\nid = "sample"\ntitle = "T"\n'
        'certainty = "certain"\nneedle = "CUDA out of memory"\nsource = "https://github.com/x/y"\nfix = "f"\n'
        + "\n".join(entry.values()) + "\n")
    with pytest.raises(KnowledgeError, match=f"sample.*{message}"):
        load_signatures(str(tmp_path / "sig.toml"))


def test_table_without_source_metadata_is_refused(tmp_path):
    text = signatures_path().read_text(encoding="utf-8").replace("[tables.signature]", "[tables.other]")
    (tmp_path / "sig.toml").write_text(text)
    with pytest.raises(KnowledgeError, match="source and read date"):
        load_signatures(str(tmp_path / "sig.toml"))


def test_windows_dll_failures_other_than_fbgemm_and_a_wrapped_german_one():
    text = ('OSError: [WinError 126] The specified module could not be found. Error loading '
            '"C:\\venv\\Lib\\site-packages\\torch\\lib\\c10.dll" or one of its dependencies.\n')
    assert [s.id for s in ingest_text(text).signals] == ["windows-torch-dll"]
    text = ('ERROR    Could not load torch: [WinError 126] Das angegebene Modul wurde nicht gefunden. Error loading\n'
            '                         "P:\\AI\\venv\\lib\\site-packages\\torch\\lib\\shm.dll" or one of its dependencies.\n')
    assert [s.id for s in ingest_text(text).signals] == ["windows-torch-dll"]


def test_syslog_escaped_line_breaks_in_kernel_messages():
    text = ("kernel: NVRM: API mismatch: the client has the version 535.54.03, but#012NVRM: this kernel module has "
            "the version 530.30.02.  Please#012NVRM: make sure\n")
    result = ingest_text(text)
    assert [s.id for s in result.signals] == ["nvrm-api-mismatch"]
    assert result.facts.nvidia.driver_versions_seen["kernel module (NVRM log)"] == "530.30.02"


def test_the_table_in_compat_wins_over_the_copy_beside_the_module(tmp_path, monkeypatch):
    import yolodoctor.knowledge.files as files

    (tmp_path / "error_signatures.toml").write_text(signatures_path().read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(files, "data_dir", lambda kind: tmp_path)
    assert signatures_path() == tmp_path / "error_signatures.toml"
    assert len(load_signatures(str(signatures_path()))) == len(SIGNATURES)


def test_a_cudnn_dll_torch_cannot_load_is_a_cudnn_problem_but_other_dlls_and_the_paging_file_are_not():
    def ids(text):
        return [s.id for s in ingest_text(text).signals]

    localised = ('OSError: [WinError 126] Impossibile trovare il modulo specificato. Error loading '
                 '"D:\\sd\\venv\\lib\\site-packages\\torch\\lib\\cudnn_adv_infer64_8.dll" or one of its dependencies.\n')
    assert ids(localised) == ["windows-torch-cudnn-dll"]
    wrapped = ('ERROR    Could not load torch: [WinError 126] Das angegebene Modul wurde nicht gefunden. Error loading\n'
               '                         "P:\\AI\\venv\\lib\\site-packages\\torch\\lib\\cudnn64_9.dll" or one of its '
               'dependencies.\n')
    assert ids(wrapped) == ["windows-torch-cudnn-dll"]
    other_dll = wrapped.replace("cudnn64_9.dll", "shm.dll")
    assert ids(other_dll) == ["windows-torch-dll"]
    paging = ('OSError: [WinError 1455] The paging file is too small for this operation to complete. Error loading '
              '"C:\\venv\\lib\\site-packages\\torch\\lib\\cudnn_cnn_infer64_8.dll" or one of its dependencies.\n')
    assert "windows-torch-cudnn-dll" not in ids(paging)


def test_a_missing_cudnn_function_is_a_cudnn_problem_but_other_missing_symbols_are_not():
    def ids(text):
        return [s.id for s in ingest_text(text).signals]

    linux = ("ImportError: /opt/env/lib/python3.8/site-packages/torch/lib/libtorch_cuda.so: undefined symbol: "
             "cudnnGetConvolutionForwardAlgorithm_v7\n")
    assert ids(linux) == ["cudnn-function-undefined"]
    windows = ("The procedure entry point cudnnGetVersion could not be located in the dynamic link library "
               "C:\\env\\Lib\\site-packages\\torch\\lib\\torch_cuda.dll.\n")
    assert ids(windows) == ["cudnn-function-undefined"]
    # Named by the cuDNN library itself: refined from the generic two-CUDA-copies entry, on the same line.
    assert ids("OSError: /usr/lib/x86_64-linux-gnu/libcudnn.so.8: undefined symbol: cudnnBackendFoo_v8\n") == \
        ["cudnn-function-undefined"]
    assert ids("OSError: /opt/env/lib/libtorch_cuda.so: undefined symbol: cublasLtMatmulFoo\n") == []
    mangled = ("OSError: /usr/local/cuda-12.1/lib64/libcudnn_cnn_train.so.8: undefined symbol: "
               "_ZN5cudnn3cnn5infer22queryClusterPropertiesERPhS3_, version libcudnn_cnn_infer.so.8\n")
    assert ids(mangled) == ["cuda-lib-undefined-symbol"]


def test_nvrtc_builtins_it_cannot_open_are_a_missing_cuda_library_in_both_spellings_and_nothing_else():
    def ids(text):
        return [s.id for s in ingest_text(text).signals]

    assert ids("what():  nvrtc: error: failed to open libnvrtc-builtins.so.12.4.\n") == ["nvrtc-builtins-not-found"]
    assert ids("RuntimeError: nvrtc: error: failed to open nvrtc-builtins64_118.dll.\n") == ["nvrtc-builtins-not-found"]
    assert "nvrtc-builtins-not-found" not in ids("nvrtc: error: invalid value for --gpu-architecture (-arch)\n")
    assert "nvrtc-builtins-not-found" not in ids("error: failed to open /tmp/kernel.cu for reading\n")


def test_needles_grouped_by_case_cover_every_needle_once_and_find_what_the_needles_find():
    """The scanner looks for each lower-cased needle once, then for its spellings: it must find what
    looking for every needle as given finds, and lower-casing must keep each needle a substring."""
    from yolodoctor.ingest.errors import _all_needles, _needles_by_case

    needles, _, _ = _all_needles(tuple(load_signatures()))
    groups = _needles_by_case(needles)
    spelled = [n for _, spellings in groups for n in spellings]
    assert sorted(spelled) == sorted(needles)
    assert all("Σ" not in n for n in needles)  # the one letter whose lower case depends on its neighbours
    text = "Killed\nRuntimeError: CUDA out of memory. HANG for 2 HOURS\n卡住了\nNo module named 'torch'\n"
    lowered = text.lower()
    found = {n for low, spellings in groups if low in lowered for n in spellings if n in text}
    assert found == {n for n in needles if n in text} and "HANG" in found and "hang" not in found


def test_a_needle_across_two_pieces_of_a_long_text_is_found():
    """A long text is lower-cased a piece at a time; a needle that straddles two pieces is still found."""
    from yolodoctor.ingest.errors import LOWERED_CHUNK_CHARS, _lowered_present

    groups = (("no module named", ("No module named",)), ("killed", ("Killed", "killed")))
    text = "x" * (LOWERED_CHUNK_CHARS - 5) + "No Module named 'torch'\n" + "y" * 100
    assert _lowered_present(text, groups) == {"no module named"}
    assert _lowered_present(text[:LOWERED_CHUNK_CHARS - 6], groups) == set()
