"""A corrupt or hand-edited compat/ file is a clear error naming the file, the entry and the key."""

import shutil
from pathlib import Path

import pytest

from yolodoctor.knowledge import compat
from yolodoctor.knowledge.files import KnowledgeError, data_dir
from yolodoctor.knowledge.tables import CompatSource


@pytest.fixture
def tables(tmp_path):
    """A copy of the shipped compat/ directory to break."""
    root = tmp_path / "compat"
    shutil.copytree(data_dir("compat"), root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_copy_is_valid(tables):
    assert compat.validate(CompatSource(tables)) == []


def test_not_toml(tables):
    (tables / "cuda.toml").write_bytes(b"[[toolkit]\nversion = ")
    with pytest.raises(KnowledgeError, match=r"compat/cuda.toml is not valid TOML"):
        compat.toolkit_drivers(CompatSource(tables))


def test_missing_file(tables):
    (tables / "torch.toml").unlink()
    with pytest.raises(KnowledgeError, match=r"compat/torch.toml is missing"):
        compat.torch_release("2.4.1", CompatSource(tables))


def test_bad_driver_version_names_entry_and_key(tables):
    edit(tables / "cuda.toml", 'linux_driver = "550.54.14"', 'linux_driver = "550.54.x"')
    with pytest.raises(KnowledgeError) as err:
        compat.driver_requirement("12.4", "Linux", CompatSource(tables))
    assert "compat/cuda.toml" in str(err.value) and "entry 12.4" in str(err.value)
    assert "linux_driver" in str(err.value)


def test_missing_source_metadata(tables):
    edit(tables / "cudnn.toml", "[tables.release]", "[tables.released]")
    with pytest.raises(KnowledgeError, match=r"\[\[release\]\] has no \[tables.release\] with source"):
        compat.cudnn_release("9.1.0", CompatSource(tables))


def test_bad_arch_name(tables):
    edit(tables / "torch.toml", '"sm_120"]', '"sm_12x"]')
    with pytest.raises(KnowledgeError, match=r"compat/torch.toml: \[\[arch\]\] entry cu128.*sm_12x"):
        compat.arch_entries(CompatSource(tables))


def test_wrong_type(tables):
    edit(tables / "cuda.toml", "cuda_major = 12", 'cuda_major = "12"')
    with pytest.raises(KnowledgeError, match=r"\[\[minor_compat\]\].*cuda_major.*expected an integer"):
        compat.minor_compat(12, CompatSource(tables))


def test_unreadable_capability_test(tables):
    edit(tables / "flash_attn.toml", 'rejected_capabilities = ["<8.0"]', 'rejected_capabilities = ["before ampere"]')
    with pytest.raises(KnowledgeError, match=r"compat/flash_attn.toml: \[\[arch_rejection\]\].*before ampere"):
        compat.flash_attn_rejections(CompatSource(tables))


def test_validate_lists_every_broken_table(tables):
    edit(tables / "gpus.toml", 'capability = "8.6"\nsm = "sm_86"', 'capability = "eight"\nsm = "sm_86"')
    (tables / "tensorrt.toml").write_text("this is not toml = = =")
    problems = compat.validate(CompatSource(tables))
    assert any("compat/gpus.toml" in p and "eight" in p for p in problems)
    assert any("compat/tensorrt.toml is not valid TOML" in p for p in problems)


def test_an_lts_index_that_is_not_an_https_url_names_entry_and_key(tables):
    edit(tables / "torch.toml", 'index = "https://download.pytorch.org/whl/lts/1.8/"',
         'index = "download.pytorch.org/whl/lts/1.8"')
    with pytest.raises(KnowledgeError, match=r"compat/torch.toml: \[\[lts_release\]\] entry 1.8.2.*index"):
        compat.lts_releases(CompatSource(tables))
    assert any("lts_release" in problem for problem in compat.validate(CompatSource(tables)))
