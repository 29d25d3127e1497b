"""OpenMMLab collect_env summaries and torch's build config: torch, its CUDA and torchvision read from them."""

from pathlib import Path

from yolodoctor.ingest import ingest_path, ingest_text
from yolodoctor.ingest.check_from import build_pasted_report
from yolodoctor.report.check_report import CheckOptions

REPORTS = Path(__file__).parent / "fixtures" / "reports"


def test_the_dict_form_gives_torch_and_torchvision_and_the_build_config_its_cuda():
    text = ("{'sys.platform': 'linux', 'Python': '3.8.10 (default)', 'CUDA available': True, "
            "'NVCC': 'Cuda compilation tools, release 11.3, V11.3.109', 'PyTorch': '1.10.0+cu113', "
            "'TorchVision': '0.11.1+cu113'}\n"
            "PyTorch compiling details: PyTorch built with:\n"
            "  - CUDA Runtime 11.3\n")
    facts = ingest_text(text).facts
    assert facts.torch.version == "1.10.0+cu113"
    assert facts.torch.cuda == "11.3"
    assert facts.package("torchvision").version == "0.11.1+cu113"
    assert facts.cuda.nvcc_version == "11.3"


def test_the_line_form_and_lines_that_only_look_alike():
    facts = ingest_text("PyTorch: 1.8.1\n  - CUDA Runtime 10.2\n").facts
    assert (facts.torch.version, facts.torch.cuda) == ("1.8.1", "10.2")
    other = ingest_text("PyTorch: see the docs\nthe CUDA Runtime 10.2 is old\n").facts
    assert (other.torch.version, other.torch.cuda) == (None, None)


def test_nvcc_older_than_torchs_cuda_on_a_dev_report():
    result = ingest_path(str(REPORTS / "215-mmcv-1055-nvcc91-vs-torch-cu102.txt"))
    assert (result.facts.torch.version, result.facts.torch.cuda, result.facts.cuda.nvcc_version) == \
        ("1.8.1", "10.2", "9.1")
    findings = build_pasted_report(result, CheckOptions()).document["findings"]
    assert findings[0]["category"] == "cuda_home_nvcc"
