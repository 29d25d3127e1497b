"""A message retyped by a person is still read: case, spacing, quotes, wraps (yolodoctor/ingest/retyped.py)."""

import pytest

from pasted import signal_ids
from yolodoctor.ingest.errors import Scanner, load_signatures
from yolodoctor.ingest.retyped import folded, lowered, plain_text, reads_lower_case, spaced_alike, tolerant_pattern

SIGNATURES = load_signatures()


def fires(signature, text):
    scanner = Scanner((signature,))
    scanner.scan_text(1, text)
    return signature.id in scanner.matches


# ---- the pieces -----------------------------------------------------------------------------------

def test_plain_text_makes_typographic_punctuation_ascii_and_keeps_the_lines():
    pasted = "ModuleNotFoundError\uff1aNo module named \u2018torch\u2019\n  a\t\t b  \nsaid \u201cno\u201d"
    plain = plain_text(pasted)
    assert plain == "ModuleNotFoundError: No module named 'torch'\n a b\nsaid \"no\""
    assert plain.count("\n") == pasted.count("\n")


def test_plain_text_leaves_ascii_text_with_single_spaces_alone():
    text = "RuntimeError: CUDA error: no kernel image\nline two"
    assert plain_text(text) is text or plain_text(text) == text


def test_folded_is_lower_case_on_one_line_and_as_long_as_the_text():
    text = "CUDA Driver\nVersion \u00c9"
    assert folded(text) == "cuda driver version \u00e9"
    assert len(folded(text)) == len(text)
    assert spaced_alike(" No  module named \u2018") == "no module named '"


def test_a_literal_space_becomes_a_short_whitespace_run_that_may_wrap():
    tolerant = tolerant_pattern("Driver version is insufficient")
    assert tolerant.pattern == r"driver\s{1,4}version\s{1,4}is\s{1,4}insufficient"
    assert tolerant.search(lowered("Driver Version\nis  insufficient"))
    assert not tolerant.search("driver version" + " " * 6 + "is insufficient")  # a run, but a short one


def test_the_pattern_is_for_lower_cased_text_but_escapes_and_group_names_keep_their_case():
    tolerant = tolerant_pattern(r"(?P<GPU>\S+) Not \W(?P=GPU)")
    assert tolerant.pattern == r"(?P<GPU>\S+)\s{1,4}not\s{1,4}\W(?P=GPU)"


def test_a_quantified_space_keeps_its_quantifier():
    tolerant = tolerant_pattern("torch ?version")
    assert tolerant.search(lowered("TorchVersion")) and tolerant.search("torch\nversion")


def test_spaces_in_classes_and_escapes_are_left_as_written():
    assert tolerant_pattern(r"[ \t]{1,4}pytorch").pattern == r"[ \t]{1,4}pytorch"
    assert tolerant_pattern(r"a\ b").pattern == r"a\ b"
    assert tolerant_pattern(r"[] x]y").pattern == r"[] x]y"


def test_a_same_line_class_between_two_words_of_a_message_may_wrap():
    assert tolerant_pattern(r"torch[ \t]{1,4}not").pattern == r"torch\s{1,4}not"
    assert tolerant_pattern(r"install(?:[ \t]{1,4}\S{1,9})").pattern == r"install(?:[ \t]{1,4}\S{1,9})"
    assert tolerant_pattern(r"\w[ \t]+x").pattern == r"\w[ \t]+x"  # \w is no literal word


def test_a_look_behind_keeps_its_width():
    tolerant = tolerant_pattern(r"(?<!not a )GPU")
    assert tolerant.search(lowered("GPU")) and not tolerant.search("not a gpu")


# ---- the scanner's second reading ----------------------------------------------------------------------

@pytest.mark.parametrize("pasted", [
    "assertionerror: torch not compiled with cuda enabled",
    "AssertionError: Torch  not  compiled with CUDA enabled",
])
def test_a_retyped_cpu_only_message_is_read(pasted):
    assert "torch-not-compiled-with-cuda" in signal_ids(pasted)


@pytest.mark.parametrize("pasted, expected", [
    ("RuntimeError: CUDA driver version is insufficient for\nCUDA runtime version", "cuda-insufficient-driver"),
    ("AssertionError: Torch not compiled\nwith CUDA enabled", "torch-not-compiled-with-cuda"),
])
def test_a_message_a_terminal_wrapped_is_read(pasted, expected):
    assert expected in signal_ids(pasted)


def test_curly_quotes_from_a_web_page_are_read():
    assert "torch-module-missing" in signal_ids("ModuleNotFoundError: No module named \u2018torch\u2019")


def test_a_chinese_colon_and_lower_case_are_read():
    pasted = "报错\uff1acuda driver version is insufficient for cuda runtime version"
    assert "cuda-insufficient-driver" in signal_ids(pasted)


def test_a_message_read_as_printed_is_not_read_twice():
    signature = next(s for s in SIGNATURES if s.id == "torch-not-compiled-with-cuda")
    scanner = Scanner((signature,))
    scanner.scan_text(1, "AssertionError: Torch not compiled with CUDA enabled\nassertionerror: torch not compiled")
    assert scanner.counts[signature.id] == 1


def test_the_second_reading_does_not_join_lines_a_same_line_class_keeps_apart():
    """`pip install pytorch` asks for the placeholder; `pip install torch` then a line naming PyTorch does not."""
    assert "install-command-names-pytorch" in signal_ids("$ PIP INSTALL PYTORCH")
    assert "install-command-names-pytorch" not in signal_ids(
        "pip3 install torch torchvision torchaudio\nPyTorch version: 2.1.0")


@pytest.mark.parametrize("prose", [
    "the model was not compiled with onnx, so i used cuda",
    "no module named after the torch bearer",
    "we checked the driver version; it is not insufficient",
])
def test_prose_that_only_shares_words_with_a_message_is_not_read_as_it(prose):
    assert signal_ids(prose) == []


def test_the_evidence_gives_the_line_where_the_retyped_message_is():
    signature = next(s for s in SIGNATURES if s.id == "torch-module-missing")
    scanner = Scanner((signature,))
    scanner.scan_text(10, "first\nsecond\nmodulenotfounderror: no module named \u2018torch\u2019")
    assert [m.line for m in scanner.matches[signature.id]] == [12]


# ---- the whole table -------------------------------------------------------------------------------

@pytest.mark.parametrize("signature", SIGNATURES, ids=lambda s: s.id)
def test_every_signature_knows_its_message_lower_cased_spaced_and_quoted(signature):
    example = signature.example
    # A pattern whose class of capitals tells case apart keeps its case (reads_lower_case).
    lower = [example.lower()] if reads_lower_case(signature.pattern.pattern) else []
    for retyped in (*lower, example.replace(" ", "  "),
                    example.replace("'", "\u2019").replace('"', "\u201d"), example.replace(": ", "\uff1a")):
        assert fires(signature, retyped), retyped


def test_a_class_of_capitals_keeps_the_case_a_set_of_letters_does_not():
    assert not reads_lower_case(r"undefined symbol: cu[A-Z]\w{1,60}_v[2-9]")
    assert reads_lower_case(r"\d+ [MG]iB") and reads_lower_case(r"[A-Za-z]+") and reads_lower_case(r"\[A-Z\]")
    # the CUDA driver's versioned entry points are capitalised after "cu"; cuDNN's functions are not driver APIs
    assert "driver-api-symbol-missing" not in signal_ids(
        "ImportError: /x/torch/lib/libtorch_cuda.so: undefined symbol: cudnnGetConvolutionForwardAlgorithm_v7\n")
    assert "driver-api-symbol-missing" in signal_ids("libcuda.so.1: undefined symbol: cuCtxCreate_v4\n")


# ---- a line cut short ----------------------------------------------------------------------------------

@pytest.mark.parametrize("pasted, expected", [
    ("AssertionError: Torch not compiled with\n", "torch-not-compiled-with-cuda"),
    ("it says torch not compiled with\n", "torch-not-compiled-with-cuda"),
    ("RuntimeError: CUDA driver version is insufficient for CUDA runt\u2026\n", "cuda-insufficient-driver"),
    ("RuntimeError: CUDA driver version is insufficient for CUDA runt...\n", "cuda-insufficient-driver"),
])
def test_a_message_cut_short_is_read(pasted, expected):
    assert expected in signal_ids(pasted)


@pytest.mark.parametrize("pasted, absent", [
    # whole messages that are the start of another signature's example
    ("ERROR: Could not find a version that satisfies the requirement torch (from versions: none)\n"
     "ERROR: No matching distribution found for torch\n", "pip-local-variant-not-found"),
    ("Building wheel for flash-attn (setup.py) ...\n", "flash-attn-build-never-finishes"),
    # too little of the message is left to tell it from others
    ("torch not compiled\n", "torch-not-compiled-with-cuda"),
    # cut inside a word, with no mark of a cut
    ("RuntimeError: CUDA driver version is insufficient for CUDA runt\n", "cuda-insufficient-driver"),
])
def test_a_whole_or_too_short_line_is_not_read_as_a_message_cut_short(pasted, absent):
    assert absent not in signal_ids(pasted)


def test_a_text_longer_than_a_hand_made_paste_is_read_as_printed_only():
    from yolodoctor.ingest.retyped import RETYPED_MAX_CHARS

    signature = next(s for s in SIGNATURES if s.id == "cuda-insufficient-driver")
    message = "CUDA driver version is insufficient for CUDA runtime version"
    filler = "epoch 1 loss 0.5\n" * (RETYPED_MAX_CHARS // 17 + 1)
    retyped = Scanner((signature,))
    retyped.scan_text(1, filler + message.lower())
    printed = Scanner((signature,))
    printed.scan_text(1, filler + message)
    assert signature.id not in retyped.matches and signature.id in printed.matches


def test_a_full_stop_is_no_mark_of_a_cut():
    """Only "..." or "…" say the line goes on: a sentence's full stop ends a whole message."""
    from yolodoctor.ingest.retyped import cut_short

    message = "no matching distribution found for torch==1.7.1+cu110"
    needles = ("no matching distribution found for",)
    assert not cut_short("ERROR: No matching distribution found for torch.", message, needles)
    assert cut_short("ERROR: No matching distribution found for torch...", message, needles)
