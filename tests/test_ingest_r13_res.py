"""Shared memory, NCCL's shared-memory segments, cuDNN and CUDA libraries in the wordings of the thirteenth round's
reports (files 8400-8499): a cuDNN built against one version and loaded at another as Caffe2 and MXNet say it,
NCCL's ncclShmOpen, the question how to enlarge /dev/shm (a Kubernetes pod's dshm volume, docker's shm size), and
onnxruntime-gpu's import stopping while it preloads a CUDA library, and onnxruntime-gpu's CUDA provider not created
beside a cuDNN of another major than its release was built for (compat/cudnn.toml). Each is checked on small pastes written here,
including ones it must not fire on, and on dev reports through the same pipeline as `check --from`.
"""

import pytest

from yolodoctor.ingest.onnxruntime_cudnn import build_cudnn_major, ort_build_cudnn, stated_cudnn_majors

from pasted import check_categories, check_findings, report_categories, signal_categories, signal_ids


# ---- cuDNN built against one version, another loaded: Caffe2's and MXNet's words ---------------------------------

@pytest.mark.parametrize("text", [
    "RuntimeError: [enforce fail at common_cudnn.h:118] version_match. cuDNN compiled (6021) and runtime (7003) "
    "versions mismatch ",
    "caffe2 fails with: cuDNN compiled (7102) and runtime (7005) versions mismatch",
    "[08:32:10] ../src/base.cc:80: cuDNN lib mismatch: linked-against version 8200 != compiled-against version 8100."
    "  Set MXNET_CUDNN_LIB_CHECKING=0 to quiet this warning.",
])
def test_cudnn_build_and_runtime_versions_that_differ_are_cudnn(text):
    assert "cudnn-compiled-runtime-mismatch-other-frameworks" in signal_ids(text)
    assert check_categories(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    "torch and torchvision versions mismatch",
    "CUDA driver and runtime versions mismatch",
    "cuDNN lib mismatch between the two machines, I think",
    "cuDNN compiled in, runtime 8.9 found",
])
def test_other_mismatches_are_not_read_as_a_cudnn_build_mismatch(text):
    assert "cudnn-compiled-runtime-mismatch-other-frameworks" not in signal_ids(text)


def test_caffe2_cudnn_mismatch_report_ranks_cudnn():
    assert report_categories("8426-onnx-caffe2-288-cudnn-compiled-6021-runtime-7003.txt")[:1] == ["cudnn_problem"]


# ---- NCCL's shared-memory segment opened in ncclShmOpen -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "node1:1234:1290 [0] NCCL INFO ncclShmOpen: failed to open /dev/shm segment, error 28",
    "With tensor parallel 2 in the container the NCCL log ends in a failure in ncclShmOpen.",
])
def test_ncclshmopen_is_nccls_shared_memory_segment(text):
    assert "nccl-shm-segment" in signal_ids(text)
    assert signal_categories(text)[:1] == ["nccl_problem"]


@pytest.mark.parametrize("text", [
    "NCCL INFO ncclShmOpenAdvanced uses huge pages",
    "NCCL INFO ncclCommInitRank comm 0x55 rank 0 nranks 2 - Init COMPLETE",
])
def test_other_nccl_functions_are_not_the_shared_memory_segment(text):
    assert "nccl-shm-segment" not in signal_ids(text)


def test_vllm_tensor_parallel_report_ranks_nccl():
    assert report_categories("8414-vllm-1710-tp-docker-ncclshmopen.txt")[:1] == ["nccl_problem"]


# ---- asking how to enlarge /dev/shm -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "How to set dshm size for training?",
    "How do I set the shm size for the pod?",
    "how can I increase the shared memory size of the container",
    "how to increase /dev/shm in kubernetes",
    "How should we raise the limit of shared memory?",
    "如何设置共享内存大小？",
])
def test_asking_how_to_enlarge_shm_is_shm_small(text):
    assert "shared-memory-too-small-in-words" in signal_ids(text)
    assert check_categories(text)[:1] == ["shm_small"]


@pytest.mark.parametrize("text", [
    # a GPU kernel's shared memory, other sizes, shm only named
    "how to increase shared memory per block in my CUDA kernel",
    "how to change shared memory",
    "how to use shared memory in the kernel",
    "how to set the batch size",
    "the shm size is set by docker",
])
def test_other_questions_are_not_read_as_shm_too_small(text):
    assert "shared-memory-too-small-in-words" not in signal_ids(text)


def test_pytorchjob_dshm_question_report_ranks_shm():
    assert report_categories("8411-arena-1044-pytorchjob-dshm-fixed-2gi.txt")[:1] == ["shm_small"]


# ---- onnxruntime-gpu preloading a CUDA library at import ----------------------------------------------------------

PRELOAD = '''Traceback (most recent call last):
  File "infer.py", line 3, in <module>
    import onnxruntime as rt
  File "/opt/conda/lib/python3.7/site-packages/onnxruntime/capi/_pybind_state.py", line 8, in <module>
    import onnxruntime.capi._ld_preload
  File "/opt/conda/lib/python3.7/site-packages/onnxruntime/capi/_ld_preload.py", line 12, in <module>
    _libcublas = CDLL("{lib}", mode=RTLD_GLOBAL)
'''


@pytest.mark.parametrize("lib", ["libcublas.so.10", "libcudart.so.11.0", "libcublasLt.so.11"])
def test_onnxruntime_preloading_a_cuda_library_is_a_missing_cuda_library(lib):
    text = PRELOAD.format(lib=lib)
    assert "onnxruntime-preload-cuda-lib" in signal_ids(text)
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


@pytest.mark.parametrize("text", [
    # cuDNN's libraries are cuDNN's; a CDLL elsewhere; the preload module named without its line
    PRELOAD.format(lib="libcudnn.so.8"),
    '  File "app.py", line 4, in <module>\n    _lib = CDLL("libcublas.so.10")\n',
    "onnxruntime/capi/_ld_preload.py preloads the CUDA libraries",
])
def test_other_preloads_are_not_read_as_onnxruntime_preloading_cuda(text):
    assert "onnxruntime-preload-cuda-lib" not in signal_ids(text)


def test_onnxruntime_preload_report_ranks_cuda_lib_missing():
    assert report_categories("8432-onnxruntime-1898-ort-gpu-050-libcublas10-cuda100.txt")[:1] == ["cuda_lib_missing"]


# ---- onnxruntime-gpu's CUDA provider not created, beside a cuDNN of another major than its build's ---------------

NOT_CREATED = ("[W:onnxruntime:Default, onnxruntime_pybind_state.cc:861 CreateExecutionProviderInstance] Failed to "
               "create CUDAExecutionProvider. Please reference https://onnxruntime.ai/docs/execution-providers/"
               "CUDA-ExecutionProvider.html#requirements to ensure all dependencies are met.\n")
WIN_126 = "Loadlibrary failed with error 126 when trying to load onnxruntime_providers_cuda.dll\n"


@pytest.mark.parametrize("release, cuda, major", [
    ("1.4.0", None, 7), ("1.6.0", None, 8), ("1.17.1", 12, 8), ("1.18.0", 12, 8), ("1.18.1", 12, 9),
    ("1.18.1", None, 8), ("1.19.2", None, 9), ("1.19.2", 11, 8), ("1.22.0", 12, 9),
])
def test_the_cudnn_major_of_an_onnxruntime_build(release, cuda, major):
    assert build_cudnn_major(release, cuda) == major


@pytest.mark.parametrize("text, have", [
    ("cuda 12.6, cudnn 9.3", {9}),
    ("apply yolov8n.onnx with cuda12.4 cudnn9", {9}),
    ("CUDNN Version: 8.0", {8}),
    ("nvidia-cudnn-cu12          9.1.0.70", {9}),
    # what a program asks for, what onnxruntime requires, a conda build string, torch's integer
    ("libcudnn.so.8: cannot open shared object file", set()),
    ("Could not load library cudnn_ops_infer64_8.dll", set()),
    ("Failed to create CUDAExecutionProvider. Require cuDNN 9.* and CUDA 12.*", set()),
    ("pytorch 2.1.2 py3.10_cuda11.8_cudnn8.7.0_0", set()),
    ("cuDNN version: 90100", set()),
])
def test_the_cudnn_major_a_paste_states(text, have):
    assert stated_cudnn_majors(text) == have


@pytest.mark.parametrize("text, build", [
    ("onnxruntime-win-x64-cuda12-1.17.1", ("1.17.1", 8)),
    ("onnxruntime-gpu==1.18.1 --extra-index-url https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/"
     "onnxruntime-cuda-12/pypi/simple/", ("1.18.1", 9)),
    ("ONNX Runtime version: 1.6.0", ("1.6.0", 8)),
    ("onnxruntime-gpu            1.20.1", ("1.20.1", 9)),
    # two releases built for different cuDNN majors: no single build
    ("tried onnxruntime-gpu 1.17.0, then onnxruntime-gpu 1.20.0", None),
    ("Failed to load library libonnxruntime_providers_cuda.so", None),
])
def test_the_onnxruntime_build_a_paste_names(text, build):
    assert ort_build_cudnn(text) == build


@pytest.mark.parametrize("text", [
    WIN_126 + "Execution Provider Library Version: CUDA 12.4, cudnn 9.1\nonnxruntime-win-x64-cuda12-1.17.1\n",
    NOT_CREATED + "pip list: onnxruntime-gpu 1.16.3, nvidia-cudnn-cu12 9.1.0.70\n",
    NOT_CREATED + "onnxruntime-gpu==1.20.0 with CUDA 12.2 and cuDNN 8.9.7\n",
])
def test_a_provider_not_created_beside_another_cudnn_major_is_cudnn(text):
    assert check_findings(text)[0]["id"] == "onnxruntime-build-other-cudnn"
    assert check_categories(text)[:1] == ["cudnn_problem"]


@pytest.mark.parametrize("text", [
    # the same major as the build's; two cuDNN majors; no release; a library the provider named is its own reading
    WIN_126 + "onnxruntime-win-x64-cuda12-1.17.1 with CUDA 12.2 and cudnn 8.9\n",
    NOT_CREATED + "onnxruntime-gpu 1.16.3; I have cudnn 8.9 and cudnn 9.1 installed\n",
    NOT_CREATED + "CUDA 12.4 and cudnn 9.1\n",
])
def test_a_provider_not_created_without_a_cudnn_of_another_major_stays_as_it_was(text):
    assert "onnxruntime-build-other-cudnn" not in [f["id"] for f in check_findings(text)]
    assert check_categories(text)[:1] == ["cuda_lib_missing"]


def test_onnxruntime_build_for_cudnn8_beside_cudnn9_report_ranks_cudnn():
    assert report_categories("8424-onnxruntime-20223-ort1171-cuda12-cudnn9-error-126.txt")[:1] == ["cudnn_problem"]
