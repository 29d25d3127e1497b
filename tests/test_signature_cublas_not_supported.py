"""cuBLAS's "not supported" / "arch mismatch" statuses, however the caller words them, read as a GPU generation the
library (or the compute type asked of it) does not support; its other statuses are not."""

from tests.pasted import check_categories, signal_ids

ID = "cublas-not-supported-on-gpu"


def test_the_status_is_read_in_each_callers_wording():
    for line in ("err[msg]=_process:cuBLAS failed with status CUBLAS_STATUS_NOT_SUPPORTED",  # a GUI's wrapper
                 "RuntimeError: cuBLAS failed with status : CUBLAS_STATUS_NOT_SUPPORTED [PYI-1:ERROR]",  # a frozen app
                 "RuntimeError: CUDA error: CUBLAS_STATUS_NOT_SUPPORTED when calling `cublasGemmEx( handle, opa, opb)`",
                 "cublas error: CUBLAS_STATUS_ARCH_MISMATCH in gemm.py:249"):
        assert ID in signal_ids(line), line
        assert check_categories(line)[0] == "gpu_arch_unsupported", line


def test_other_cublas_statuses_are_not_the_gpu_generation():
    for line in ("RuntimeError: CUDA error: CUBLAS_STATUS_EXECUTION_FAILED when calling `cublasSgemm( handle)`",
                 "RuntimeError: CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate(handle)`",
                 "cuBLAS failed with status CUBLAS_STATUS_INVALID_VALUE"):
        assert ID not in signal_ids(line), line
