"""pip's "no matching version" error judged by its own lines (ingest.pip_offer), and the installers' other words
for "no wheel of this release fits this Python or platform" (Poetry, uv, pip's refused wheel file).

Each paste is written for the mechanism; the versions and indexes are chosen so that the answer follows from
compat/torch.toml (cuda_variants, Pythons per release), not from the paste's wording."""

from tests.pasted import check_categories, check_findings, signal_ids
from yolodoctor.ingest.context import PIP_LINES_KEPT, read_context
from yolodoctor.ingest.pip_offer import read_offers


def _first(text: str) -> str:
    return check_categories(text)[0]


# ---- the CUDA variant of the index against the variants the release was built for ----------------------------

def test_a_release_never_built_for_the_index_variant_is_the_index():
    paste = """pip install torch==2.8.0 torchvision --index-url https://download.pytorch.org/whl/cu124
Looking in indexes: https://download.pytorch.org/whl/cu124
ERROR: Could not find a version that satisfies the requirement torch==2.8.0 (from versions: 2.4.0+cu124, 2.4.1+cu124, 2.5.0+cu124, 2.5.1+cu124, 2.6.0+cu124)
ERROR: No matching distribution found for torch==2.8.0"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "cu124" in findings[0]["title"] and "2.8.0" in findings[0]["title"]
    # the other reading is kept, below it
    assert "python_unsupported" in [f["category"] for f in findings[1:3]]


def test_a_build_tag_never_built_is_the_index_even_without_an_index_line():
    paste = "ERROR: Could not find a version that satisfies the requirement torch==2.1.0+cu124 " \
            "(from versions: 2.0.0, 2.0.1, 2.1.0, 2.1.1, 2.2.0)\n" \
            "ERROR: No matching distribution found for torch==2.1.0+cu124"
    assert _first(paste) == "pip_index"


def test_a_variant_index_that_has_the_release_but_offers_only_later_ones_is_the_python():
    # torch 2.6.0 exists for cu126; a Python that sees only 2.9.x there is newer than 2.6.0 supports
    paste = """Looking in indexes: https://download.pytorch.org/whl/cu126
ERROR: Could not find a version that satisfies the requirement torch==2.6.0+cu126 (from versions: 2.9.0+cu126, 2.9.1+cu126)
ERROR: No matching distribution found for torch==2.6.0+cu126"""
    assert _first(paste) == "python_unsupported"


def test_a_variant_index_that_has_the_release_but_offers_only_older_ones_is_the_python():
    # torch 2.6.0 was built for cu118 and Python 3.9+: a Python 3.8 sees 2.4.x at most there
    paste = """Looking in indexes: https://download.pytorch.org/whl/cu118
ERROR: Could not find a version that satisfies the requirement torch==2.6.0 (from versions: 2.3.0+cu118, 2.3.1+cu118, 2.4.0+cu118, 2.4.1+cu118)
ERROR: No matching distribution found for torch==2.6.0"""
    assert _first(paste) == "python_unsupported"


# ---- the versions offered against the one asked for --------------------------------------------------------

def test_a_build_tag_below_every_version_offered_is_the_python_not_the_index():
    # The +cu117 pin alone reads as "the index was not passed"; the offer (2.2.0 on) shows the Python cannot
    # have 1.13.1 at all.
    paste = "ERROR: Could not find a version that satisfies the requirement torch==1.13.1+cu117 (from -r req.txt " \
            "(line 3)) (from versions: 2.2.0, 2.2.1, 2.2.2, 2.3.0, 2.3.1, 2.4.0, 2.4.1)\n" \
            "ERROR: No matching distribution found for torch==1.13.1+cu117 (from -r req.txt (line 3))"
    assert _first(paste) == "python_unsupported"


def test_the_release_offered_without_its_build_tag_is_the_index():
    paste = "ERROR: Could not find a version that satisfies the requirement torch==2.2.1+cu118 " \
            "(from versions: 2.0.0, 2.0.1, 2.1.0, 2.2.0, 2.2.1, 2.2.2)\n" \
            "ERROR: No matching distribution found for torch==2.2.1+cu118"
    assert _first(paste) == "pip_index"


def test_a_torch_release_that_never_existed_is_the_index():
    paste = "ERROR: Could not find a version that satisfies the requirement torch==1.16.0 " \
            "(from versions: 1.7.1, 1.8.0, 1.9.0, 1.10.0, 1.11.0, 1.12.0, 1.12.1, 1.13.0, 1.13.1)\n" \
            "ERROR: No matching distribution found for torch==1.16.0"
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "never published" in findings[0]["title"]


def test_an_unknown_release_below_every_version_offered_stays_the_python():
    # torch 1.8.2 (the LTS index's) is in no PyPI table; below the offer, the Python's span explains it first
    paste = "ERROR: Could not find a version that satisfies the requirement torch==1.8.2 " \
            "(from versions: 1.11.0, 1.12.0, 1.13.0, 2.0.0)\nERROR: No matching distribution found for torch==1.8.2"
    assert _first(paste) == "python_unsupported"


def test_other_packages_below_the_offer_are_the_python():
    paste = "ERROR: Could not find a version that satisfies the requirement onnxruntime==1.15.1 " \
            "(from versions: 1.16.0, 1.16.1, 1.17.0)\nERROR: No matching distribution found for onnxruntime==1.15.1"
    assert _first(paste) == "python_unsupported"


def test_only_pre_release_placeholders_on_offer_is_the_vendor_index():
    paste = "ERROR: Could not find a version that satisfies the requirement nvidia-dali-cuda110==1.20.0 " \
            "(from versions: 0.0.1.dev2, 0.0.1.dev3)\n" \
            "ERROR: No matching distribution found for nvidia-dali-cuda110==1.20.0"
    assert _first(paste) == "pip_index"


def test_what_the_offer_cannot_settle_keeps_the_signature_reading():
    # torchvision 0.20.1 lies between ancient universal releases and newer ones; the tables cannot say which
    # Python this is: pip's default reading stands (and the index stays possible)
    paste = "ERROR: Could not find a version that satisfies the requirement torchvision==0.20.1 " \
            "(from versions: 0.1.6, 0.2.0, 0.21.0, 0.22.0)\nERROR: No matching distribution found for torchvision==0.20.1"
    categories = check_categories(paste)
    assert categories[0] == "python_unsupported" and "pip_index" in categories[:3]
    # no list at all: nothing to judge either
    none = "ERROR: Could not find a version that satisfies the requirement torch==2.5.1 (from versions: none)\n" \
           "ERROR: No matching distribution found for torch==2.5.1"
    assert check_categories(none)[:2] == ["python_unsupported", "pip_index"]


def test_releases_pip_ignored_as_yanked_do_not_count_as_offered():
    # torchvision's ancient 0.1.6 / 0.2.0 are listed for every Python; set aside, the offer starts at 0.19.0
    paste = """ERROR: Ignored the following yanked versions: 0.1.6, 0.1.7, 0.2.0, 0.2.2.post3
ERROR: Could not find a version that satisfies the requirement torchvision==0.17.2 (from versions: 0.1.6, 0.2.0, 0.19.0, 0.19.1, 0.20.0)
ERROR: No matching distribution found for torchvision==0.17.2"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported"
    assert "0.19.0" in findings[0]["title"]  # judged by the offer, not the signature's generic reading


def test_torch_placeholders_offered_to_every_python_do_not_count_as_offered():
    # torch 0.1.2(.postN) are sdists pip lists for any Python; set aside, the offer starts at 1.5.0, above 1.3.1
    paste = "ERROR: Could not find a version that satisfies the requirement torch==1.3.1 (from versions: 0.1.2, " \
            "0.1.2.post1, 0.1.2.post2, 1.5.0, 1.6.0, 1.7.0)\nERROR: No matching distribution found for torch==1.3.1"
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported"
    assert "1.5.0" in findings[0]["title"]
    # only the placeholders: nothing is left to judge, the placeholder signature's own reading stands
    only = "ERROR: Could not find a version that satisfies the requirement torch==1.3.1 (from versions: 0.1.2, " \
           "0.1.2.post1, 0.1.2.post2)\nERROR: No matching distribution found for torch==1.3.1"
    assert "pip-torch-placeholder-only" in signal_ids(only)
    assert "1.5.0" not in check_findings(only)[0]["title"]


def test_a_dependency_pin_is_judged_like_a_direct_one():
    # "(from parent)" first reads as a dependency missing from the index; the offer (all later) is the Python
    paste = "ERROR: Could not find a version that satisfies the requirement torch==1.4.0 (from sometool) " \
            "(from versions: 1.8.0, 1.8.1, 1.9.0)\nERROR: No matching distribution found for torch==1.4.0 (from sometool)"
    assert _first(paste) == "python_unsupported"
    # a dependency the PyTorch index lacks altogether (nothing older or newer to set against) stays the index
    missing = "Looking in indexes: https://download.pytorch.org/whl/cu121\nERROR: Could not find a version that " \
              "satisfies the requirement sympy>=1.13 (from torch) (from versions: none)\n" \
              "ERROR: No matching distribution found for sympy>=1.13"
    assert _first(missing) == "pip_index"


def test_an_old_release_with_a_build_tag_of_a_later_era_is_the_index():
    # torch 1.10.0 was built for cu102/cu111/cu113 ([[early_release]]): +cu117 never existed, on any index
    paste = "pip install torch==1.10.0+cu117 -f https://download.pytorch.org/whl/torch_stable.html\n" \
            "ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu117 (from versions: none)\n" \
            "ERROR: No matching distribution found for torch==1.10.0+cu117"
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "cu117" in findings[0]["title"] and "1.10.0" in findings[0]["title"]
    # a tag the release had is not judged by it: the all-later offer says the Python is too new
    built = "ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu113 (from versions: " \
            "1.13.0, 1.13.1, 2.0.0)\nERROR: No matching distribution found for torch==1.10.0+cu113"
    assert _first(built) == "python_unsupported"
    # a plain pin beside a later variant index is not judged by the index: the Python's own wheel may be meant
    plain = "Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu118\n" \
            "ERROR: Could not find a version that satisfies the requirement torch==1.10.0 (from versions: 1.13.0, 2.0.0)\n" \
            "ERROR: No matching distribution found for torch==1.10.0"
    assert _first(plain) == "python_unsupported"


def test_retyped_lines_are_judged_the_same():
    lower = "could not find a version that satisfies the requirement  torch==2.8.0 (from versions: 2.4.0+cu124, " \
            "2.5.1+cu124, 2.6.0+cu124)\nlooking in indexes: https://download.pytorch.org/whl/cu124"
    assert _first(lower) == "pip_index"
    quoted = "Could not find a version that satisfies the requirement `torch==1.16.0` (from versions: 1.9.0, " \
             "1.10.0, 1.13.1)"
    assert _first(quoted) == "pip_index"
    doubled = "ERROR: Could not find a version that satisfies the requirement Could not find a version that " \
              "satisfies the requirement torch==2.1.0+cu124 (from versions: 2.0.0, 2.1.0, 2.2.0)"
    assert _first(doubled) == "pip_index"


# ---- the reading of pip's lines -------------------------------------------------------------------------------

def test_read_offers_parses_pins_parents_and_empty_lists():
    lines = [(3, "ERROR: Could not find a version that satisfies the requirement torch==2.0.1+cu117 (from -r "
                 "requirements.txt (line 2)) (from versions: 2.2.0, 2.2.1)"),
             (7, "ERROR: Could not find a version that satisfies the requirement Torch_Vision==0.15.2 (from versions: none)"),
             (9, "ERROR: Could not find a version that satisfies the requirement torch>=2.0 (from versions: 2.1.0)")]
    offers = read_offers(lines)
    assert [(o.line, o.name, o.version, o.offered) for o in offers] == [
        (3, "torch", "2.0.1+cu117", ("2.2.0", "2.2.1")), (7, "torch-vision", "0.15.2", ())]


def test_the_context_keeps_a_bounded_number_of_pip_lines():
    line = "ERROR: Could not find a version that satisfies the requirement torch==2.8.0 (from versions: 2.9.0)"
    context = read_context((i, line) for i in range(1, 5001))
    assert len(context.pip_lines) == PIP_LINES_KEPT
    unrelated = read_context([(1, "Collecting numpy"), (2, "Successfully installed numpy-1.26.4")])
    assert unrelated.pip_lines == ()


# ---- Poetry, uv and pip's refused wheel file ---------------------------------------------------------------

def test_poetry_without_installation_candidates_is_the_python_first():
    paste = """  - Installing torch (2.2.2): Failed

  RuntimeError

  Unable to find installation candidates for torch (2.2.2)"""
    assert "poetry-no-installation-candidates" in signal_ids(paste)
    assert check_categories(paste)[:2] == ["python_unsupported", "pip_index"]
    for retyped in ("unable to find installation candidates for torch", "Unable to find installation candidates "
                    "for  torchvision (0.17.2+cu121)", "UNABLE TO FIND INSTALLATION CANDIDATES FOR TORCH"):
        assert "poetry-no-installation-candidates" in signal_ids(retyped), retyped
    assert "poetry-no-installation-candidates" in signal_ids("it fails with: Unable to find installation candidates for")
    assert "poetry-no-installation-candidates" not in signal_ids("Poetry lists three installation candidates for torch")


def test_poetry_skipping_every_wheel_for_its_tags_is_certain():
    paste = """    | Unable to find installation candidates for torch (2.6.0)
    |
    |   - 18 candidate(s) were identified for the package
    |   - 18 wheel(s) were skipped as your project's environment does not support the identified abi tags"""
    ids = signal_ids(paste)
    assert "poetry-wheels-skipped-environment-tags" in ids and "poetry-no-installation-candidates" not in ids
    findings = check_findings(paste)
    assert findings[0]["category"] == "python_unsupported" and findings[0]["certainty"] == "certain"


def test_uv_wordings_for_no_matching_wheel():
    for text in ("Because torch==2.0.1 has no wheels with a matching Python ABI tag (e.g., `cp313`) and you require "
                 "torch==2.0.1, we can conclude that your requirements are unsatisfiable.",
                 "Because torch==2.2.0 is unusable because no wheels are available with a matching Python "
                 "implementation and you require torch==2.2.0",
                 "error: Distribution `torch==2.5.1 @ registry+https://pypi.org/simple` can't be installed because it "
                 "doesn't have a source distribution or wheel for the current platform"):
        assert "uv-no-wheel-matching-tags" in signal_ids(text), text
        assert check_categories(text)[0] == "python_unsupported", text
    assert "uv-no-wheel-matching-tags" in signal_ids("because torch==2.0.1 has no wheels with a matching python abi tag")
    assert "uv-no-wheel-matching-tags" not in signal_ids("Resolved 12 packages; wheels with a matching tag were used")


def test_a_refused_wheel_file_is_the_python():
    paste = "ERROR: torch-2.1.0+cu118-cp39-cp39-win_amd64.whl is not a supported wheel on this platform."
    assert "pip-wheel-not-supported-here" in signal_ids(paste)
    assert _first(paste) == "python_unsupported"
    assert "pip-wheel-not-supported-here" in signal_ids("it says the wheel is not a supported wheel on this platform")
    assert "pip-wheel-not-supported-here" in signal_ids("ERROR: torch-1.6.0-cp36-cp36m-linux_aarch64.whl is Not a supported wheel")
    assert "pip-wheel-not-supported-here" not in signal_ids("Building wheel for torch-scatter (setup.py) ... done")


def test_a_wheel_url_of_the_pytorch_site_is_not_an_index_given_as_a_requirement():
    wheel = "pip install https://download.pytorch.org/whl/cu118/torch-2.1.0%2Bcu118-cp310-cp310-linux_x86_64.whl"
    assert "pip-pytorch-index-as-requirement" not in signal_ids(wheel)
    index = "pip install torch==2.1.0+cu118 https://download.pytorch.org/whl/cu118"
    assert "pip-pytorch-index-as-requirement" in signal_ids(index)


def test_no_matching_distribution_retold_in_words_still_names_the_build():
    for text in ("the install fails: no matching distribution was found for `torch==1.4.0+cu92`",
                 "ERROR: No matching distribution found for torch==1.4.0+cu92"):
        assert "pip-local-variant-not-found" in signal_ids(text), text
    assert "pip-local-variant-not-found" not in signal_ids("No matching distribution found for torch==1.4.0")


def test_a_cpu_build_in_the_versions_offered_is_not_the_torch_in_use():
    paste = "Looking in links: https://download.pytorch.org/whl/torch_stable.html\n" \
            "ERROR: Could not find a version that satisfies the requirement torch==1.5.0+cu92 (from versions: " \
            "1.11.0, 1.11.0+cpu, 1.11.0+cu113, 1.12.0, 1.12.0+cpu)\n" \
            "ERROR: No matching distribution found for torch==1.5.0+cu92"
    assert "torch-cpu-build-named" not in signal_ids(paste)
    assert "torch_cpu_only" not in check_categories(paste)
    # the torch a reporter names as theirs still is one
    assert "torch-cpu-build-named" in signal_ids("pip list shows torch 2.1.0+cpu in this env")


def test_resolvers_rejecting_the_projects_python_range_are_the_python():
    uv = """  × No solution found when resolving dependencies:
  ╰─▶ Because the requested Python version (>=3.8) does not satisfy Python>=3.9 and torch==2.5.0 depends on
      Python>=3.9, we can conclude that torch==2.5.0 cannot be used."""
    uv_current = "Because the current Python version (3.13.0) does not satisfy Python>=3.8,<3.13 and torch==2.4.1 " \
                 "depends on Python>=3.8,<3.13, we can conclude that torch==2.4.1 cannot be used."
    pdm = """Unable to find a resolution because the following dependencies don't work
on all Python versions in the range of the project's requires-python: >=3.8."""
    poetry = "The current project's supported Python range (>=3.10) is not compatible with some of the required " \
             "packages Python requirement:\n  - triton requires Python <3.15,>=3.10, so it will not be installable " \
             "for Python >=3.15"
    for paste in (uv, uv_current, pdm, poetry):
        assert "resolver-python-range-unsupported" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported"
    # a conflict between two packages' own pins says nothing about the Python
    conflict = "Because torchvision==0.20.1 depends on torch==2.5.1 and you require torch==2.4.0, we can conclude " \
               "that your requirements are unsatisfiable."
    assert "resolver-python-range-unsupported" not in signal_ids(conflict)


def test_a_dependency_of_torch_missing_in_the_last_line_alone_is_the_index():
    for paste in ("ERROR: No matching distribution found for jinja2 (from torch)",
                  "ERROR: No matching distribution found for sympy>=1.13.3 (from torch==2.6.0)"):
        assert "pip-dependency-not-on-index" in signal_ids(paste), paste
        assert _first(paste) == "pip_index"
    # torch itself from a requirements file, or another package's dependency, is not this reading
    for paste in ("ERROR: No matching distribution found for torch==2.1.0 (from -r requirements.txt (line 3))",
                  "ERROR: No matching distribution found for torchvision==0.15.0 (from ultralytics)"):
        assert "pip-dependency-not-on-index" not in signal_ids(paste), paste


# ---- where pip looked: a private index or proxy, and source-only installs ------------------------------------

def test_nothing_on_offer_from_a_private_index_alone_is_the_index():
    paste = """Looking in indexes: https://artifacts.example.org/api/pypi/ml-remote/simple
ERROR: Could not find a version that satisfies the requirement torchaudio==2.5.1 (from versions: none)
ERROR: No matching distribution found for torchaudio==2.5.1"""
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "artifacts.example.org" not in findings[0]["title"]  # a headline is cut to the terminal: the URL is below
    assert any("the indexes pip searched, and no other: https://artifacts.example.org/api/pypi/ml-remote/simple" in line
               for line in findings[0]["evidence"])
    # the run's own index line decides: a later run against the PyTorch index does not hide the proxy
    assert _first(paste + "\n$ pip install -i https://download.pytorch.org/whl/cu124 torchaudio\n"
                          "Looking in indexes: https://download.pytorch.org/whl/cu124") == "pip_index"


def test_the_index_line_of_a_log_pasted_after_the_errors_is_that_runs():
    # pipx prints pip's errors first; its log, which opens with the index line, is pasted below them
    errors = """$ pipx install some-tool
Fatal error from pip prevented installation.
    ERROR: Could not find a version that satisfies the requirement some-tool (from versions: none)
    ERROR: No matching distribution found for some-tool

From the log:
"""
    private = "Looking in indexes: https://nexus.example.net/repository/pypi-group/simple\n"
    assert _first(errors + private) == "pip_index"
    assert _first(errors + private + private) == "pip_index"  # the same index named twice is one run
    # two different sets below the errors are other runs: none of them is known to be this one's
    assert _first(errors + private + "Looking in indexes: https://pypi.org/simple\n") == "python_unsupported"
    assert _first(errors) == "python_unsupported"


def test_nothing_on_offer_from_pypi_or_a_public_mirror_stays_the_python():
    for index in ("https://pypi.org/simple, https://pypi.ngc.nvidia.com",
                  "https://pypi.tuna.tsinghua.edu.cn/simple",
                  # the same mirror under its mirror site's path (compat/mirrors.toml aliases)
                  "https://mirrors.tuna.tsinghua.edu.cn/pypi/web/simple",
                  "https://download.pytorch.org/whl/cu121"):
        paste = f"Looking in indexes: {index}\n" \
                "ERROR: Could not find a version that satisfies the requirement torch==2.0.1 (from versions: none)\n" \
                "ERROR: No matching distribution found for torch==2.0.1"
        assert "artifacts" not in check_findings(paste)[0]["title"]
        assert "neither PyPI" not in check_findings(paste)[0]["title"], index


def test_source_only_installs_find_no_torch():
    typed = "pip download --no-binary :all: torch\nERROR: Could not find a version that satisfies the requirement torch\n" \
            "ERROR: No matching distribution found for torch"
    printed = "ERROR: Could not find a version that satisfies the requirement torch\n" \
              "Command '['pip', 'download', '-d', 'out', '--no-binary', ':all:', 'torch']' returned non-zero exit status 1."
    for paste in (typed, printed):
        findings = check_findings(paste)
        assert findings[0]["category"] == "pip_index" and "--no-binary" in findings[0]["title"], paste
    # building one named package from source says nothing about torch's wheels
    one = "pip install --no-binary opencv-python torch==2.0.1\nERROR: Could not find a version that satisfies the " \
          "requirement torch==2.0.1 (from versions: 2.2.0, 2.3.0)"
    assert _first(one) == "python_unsupported"


def test_uv_saying_no_version_at_all_has_a_wheel_for_this_python():
    paste = "  ╰─▶ Because all versions of torchaudio have no wheels with a matching Python ABI tag (e.g., `cp315`) " \
            "and you require torchaudio, we can conclude that your requirements are unsatisfiable."
    assert "uv-no-wheel-matching-tags" in signal_ids(paste)
    assert _first(paste) == "python_unsupported"


def test_an_installer_that_cannot_find_a_torch_release_retold_in_words():
    for paste in ("conda cannot find torch 1.8 when the env has python 3.10",
                  "uv can't install torch==2.2 on this machine",
                  "pip3 could not find the pytorch version 1.4 in my new venv"):
        assert "torch-release-not-found-in-words" in signal_ids(paste), paste
        assert _first(paste) == "python_unsupported"
    # a module that cannot be found at run time is not an install that found no release
    for paste in ("python can't find torch after pip install torch==2.2", "pip install worked but import torch 2.1 fails"):
        assert "torch-release-not-found-in-words" not in signal_ids(paste), paste


# ---- pip's bare "no version" line for a build-tagged pin, with the reporter's words after it -------------------

def test_a_bare_line_for_a_build_tagged_torch_pin_is_the_index_whatever_follows_it():
    # pip's line cut after the requirement, ended by a full-width mark, a comma and a question, or an ASCII
    # sentence: PyPI never has +cuXXX / +cpu builds, so the index is missing before the Python is in question
    for line in ("ERROR: Could not find a version that satisfies the requirement torch==1.12.0+cu113。",
                 "ERROR: Could not find a version that satisfies the requirement torchvision==0.16.0+cu121，求助",
                 "Could not find a version that satisfies the requirement torchaudio==2.1.0+cpu; what now?",
                 "ERROR: Could not find a version that satisfies the requirement torch==2.2.1+rocm5.7"):
        findings = check_findings(line)
        assert findings[0]["category"] == "pip_index", line
        assert "+" in findings[0]["title"] and "PyTorch index" in findings[0]["title"], line
        assert "python_unsupported" in [f["category"] for f in findings[1:3]], line


def test_a_bare_line_keeps_the_python_reading_without_a_tag_or_with_the_index_given():
    # no build tag: pip saw no release for this Python at all
    assert _first("ERROR: Could not find a version that satisfies the requirement torch==2.0.1。") == "python_unsupported"
    # the PyTorch index was named: then the Python or the platform is the likelier gap
    paste = """pip install torch==1.7.1+cu110 -f https://download.pytorch.org/whl/torch_stable.html
ERROR: Could not find a version that satisfies the requirement torch==1.7.1+cu110"""
    assert _first(paste) == "python_unsupported"
    # another message says the Python itself has no torch (a 32-bit build): that reading stands first
    paste = """ERROR: Could not find a version that satisfies the requirement torch==1.10.0+cu113
Python version: 3.8 (32-bit runtime)"""
    assert _first(paste) == "python_unsupported"
    # pip's own "(from ..." after the requirement belongs to the full message's entries, not to the bare one
    assert "pip-no-version-bare" not in signal_ids(
        "ERROR: Could not find a version that satisfies the requirement torch (from -r requirements.txt (line 1))")


# ---- a list of versions cut short where it was pasted ---------------------------------------------------------

def test_a_cut_list_records_where_versions_were_left_out():
    lines = [(1, "ERROR: Could not find a version that satisfies the requirement numpy==1.24.5 "
                 "(from versions: 1.24.3, 1.24.4, [...], 1.25.0, 1.25.1, 1.25.2, etc"),
             (2, "ERROR: Could not find a version that satisfies the requirement six==9.0 "
                 "(from versions: 1.15.0, 1.16.0)")]
    cut, whole = read_offers(lines)
    assert cut.offered == ("1.24.3", "1.24.4", "1.25.0", "1.25.1", "1.25.2")
    assert cut.elided == (2, 5)  # after 1.24.4 ("[...]"), and after the last ("etc", and no closing parenthesis)
    assert whole.elided == ()


def test_a_release_missing_between_releases_of_a_cut_list_is_the_index():
    # numpy 1.24.5 was never released: releases on both sides of it are shown, the cut is far above it
    paste = ("ERROR: Could not find a version that satisfies the requirement numpy==1.24.5 (from versions: 1.23.4, "
             "1.23.5, 1.24.0, 1.24.1, 1.24.2, 1.24.3, 1.24.4, 1.25.0, 1.25.1, 1.25.2, 1.26.0, [...]\n"
             "ERROR: No matching distribution found for numpy==1.24.5")
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index"
    assert "missing from the index" in findings[0]["title"]


def test_a_cut_between_the_neighbours_of_the_release_asked_for_settles_nothing():
    # what was left out could hold 1.24.5 itself: no reading of the gap
    paste = ("ERROR: Could not find a version that satisfies the requirement numpy==1.24.5 (from versions: 1.23.4, "
             "1.23.5, 1.24.0, 1.24.1, ..., 1.25.0, 1.25.1, 1.25.2, 1.26.0)\n")
    assert "missing from the index" not in " ".join(f["title"] for f in check_findings(paste))


def test_a_list_cut_at_its_end_says_nothing_of_later_releases():
    # a whole list up to 2.4.1 on the cu118 index would say the Python is older than 2.6.0 supports; cut short, the
    # releases after 2.4.1 were not pasted, so that reading is not made
    whole = """Looking in indexes: https://download.pytorch.org/whl/cu118
ERROR: Could not find a version that satisfies the requirement torch==2.6.0 (from versions: 2.3.0+cu118, 2.3.1+cu118, 2.4.0+cu118, 2.4.1+cu118)"""
    cut = whole.replace("2.4.1+cu118)", "2.4.1+cu118, [...]")
    assert "up to 2.4.1 only" in check_findings(whole)[0]["title"]
    assert all("up to 2.4.1 only" not in f["title"] for f in check_findings(cut))
    assert check_categories(cut)[0] == "python_unsupported"  # the message's own reading stands


def test_a_cut_list_of_pre_releases_is_not_read_as_only_pre_releases():
    paste = ("ERROR: Could not find a version that satisfies the requirement setuptools>=77.0.3 "
             "(from versions: 0.6b1, 0.6b2, 0.6b3, 0.6b4, 0.6rc1, 0.6rc2, \n")
    assert all("pre-release placeholders" not in f["title"] for f in check_findings(paste))


# ---- torch's long-term-support release, on an index of its own ---------------------------------------------------

LTS_PASTE = """Using pip 22.3.1 from /home/u/.venv/lib/python{python}/site-packages/pip (python {python})
Looking in indexes: {index}
ERROR: Could not find a version that satisfies the requirement torch==1.8.2 (from versions: 1.7.1, 1.8.0, 1.8.1, 1.9.0, 1.9.1, 1.10.0)
ERROR: No matching distribution found for torch==1.8.2"""


def test_the_lts_release_asked_for_from_another_index_is_the_index():
    findings = check_findings(LTS_PASTE.format(python="3.8", index="https://pypi.org/simple"))
    assert findings[0]["category"] == "pip_index"
    assert "long-term-support" in findings[0]["title"] and "never published" not in findings[0]["title"]
    assert "https://download.pytorch.org/whl/lts/1.8/cu111" in findings[0]["fix"]


def test_the_lts_release_for_a_python_outside_its_range_is_the_python():
    findings = check_findings(LTS_PASTE.format(python="3.9", index="https://pypi.org/simple"))
    assert findings[0]["category"] == "python_unsupported"
    assert "long-term-support" in findings[0]["title"] and "3.6, 3.7, 3.8" in findings[0]["title"]


def test_the_lts_index_searched_is_not_blamed_for_lacking_the_lts_release():
    paste = LTS_PASTE.format(python="3.8", index="https://download.pytorch.org/whl/lts/1.8/cu111")
    assert all("long-term-support" not in f["title"] for f in check_findings(paste))


def test_the_lts_torchvision_is_judged_as_its_torch():
    paste = ("ERROR: Could not find a version that satisfies the requirement torchvision==0.9.2 "
             "(from versions: 0.8.2, 0.9.0, 0.9.1, 0.10.0, 0.10.1)")
    findings = check_findings(paste)
    assert findings[0]["category"] == "pip_index" and "long-term-support release 1.8.2" in findings[0]["title"]
