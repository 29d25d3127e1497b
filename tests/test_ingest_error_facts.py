"""Facts proven by error messages and tracebacks."""

from yolodoctor.ingest import ingest_text
from pasted import pasted_facts as facts_of


def test_driver_too_old_gives_the_cuda_version_the_driver_supports():
    f = facts_of("RuntimeError: The NVIDIA driver on your system is too old (found version 11040).\n")
    assert f.nvidia.cuda_driver_version == "11.4"


def test_cpu_only_assertion_completes_the_torch_record():
    f = facts_of("AssertionError: Torch not compiled with CUDA enabled\n")
    assert (f.torch.status, f.torch.cuda, f.torch.hip, f.torch.cuda_available) == ("ok", None, None, False)


def test_nvrm_log_records_both_versions():
    text = ("[ 9.42] NVRM: API mismatch: the client 'kwin_wayland' (pid 1005)\n"
            "               NVRM: has the version 595.84, but this kernel module has\n"
            "               NVRM: the version 595.80.  Please make sure that this\n")
    result = ingest_text(text)
    assert [s.id for s in result.signals] == ["nvrm-api-mismatch"]
    assert result.facts.nvidia.driver_versions_seen == {"kernel module (NVRM log)": "595.80",
                                                        "driver component (NVRM log)": "595.84"}


def test_arch_messages_describe_the_device_and_the_build():
    f = facts_of("NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch "
                 "installation.\nThe current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 "
                 "sm_80 sm_86 sm_90.\n")
    assert [(d.name, d.capability) for d in f.torch.devices] == [("NVIDIA GeForce RTX 5090", "12.0")]
    assert f.torch.arch_list == ["sm_50", "sm_60", "sm_70", "sm_75", "sm_80", "sm_86", "sm_90"]


def test_extension_build_mismatch_names_both_cudas():
    f = facts_of("The detected CUDA version (12.4) mismatches the version that was used to compile\nPyTorch (11.8).\n")
    assert (f.cuda.nvcc_version, f.torch.cuda) == ("12.4", "11.8")


def test_pip_names_the_python_it_ran_with():
    f = facts_of("ERROR: Package 'ultralytics' requires a different Python: 3.7.0 not in '>=3.8'\n")
    assert f.python.version == "3.7.0"


def test_traceback_through_torch_init_means_torch_does_not_import():
    text = '''Traceback (most recent call last):
  File "/home/u/venv/lib/python3.11/site-packages/torch/__init__.py", line 237, in <module>
    from torch._C import *  # noqa: F403
ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory
'''
    f = facts_of(text)
    assert (f.torch.status, f.torch.error) == ("error", "ImportError: libcudnn.so.9: cannot open shared object file: "
                                                         "No such file or directory")
    assert f.python.version == "3.11"  # from the site-packages path: weak, but what the text shows


def test_windows_dll_traceback():
    text = '''  File "C:\\Python311\\Lib\\site-packages\\torch\\__init__.py", line 148, in <module>
    raise err
OSError: [WinError 126] The specified module could not be found. Error loading "C:\\Python311\\Lib\\site-packages\\torch\\lib\\fbgemm.dll" or one of its dependencies.
'''
    result = ingest_text(text)
    assert result.facts.torch.status == "error" and result.facts.host.os == "Windows"
    assert [s.id for s in result.signals] == ["windows-fbgemm-dll"]


def test_missing_module_sets_missing_but_not_inside_a_pip_build():
    assert facts_of("ModuleNotFoundError: No module named 'ultralytics'\n").package("ultralytics").status == "missing"
    assert facts_of("ModuleNotFoundError: No module named 'torch'\n").torch.status == "missing"
    text = ('      File "/tmp/pip-install-v_8s9w7i/flash-attn_67/setup.py", line 19, in <module>\n'
            "          import torch\n      ModuleNotFoundError: No module named 'torch'\n")
    assert facts_of(text).torch.status is None
    assert facts_of("ModuleNotFoundError: No module named 'torch.distributed'\n").torch.status is None


def test_cv2_import_failure_marks_cv2():
    text = '''  File "/usr/local/lib/python3.9/site-packages/cv2/__init__.py", line 5, in <module>
    from .cv2 import *
ImportError: libGL.so.1: cannot open shared object file: No such file or directory
'''
    f = facts_of(text)
    assert f.package("cv2").status == "error"
    assert f.torch.status is None
