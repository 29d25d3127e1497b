"""Hidden GPUs as the eighteenth round's reports of CPU-only torch, hidden GPUs, old drivers and driver/library
mismatches show them: the NVIDIA kernel module missing or not loaded (Fedora's boot notice, modprobe, the driver
installer, words), and a Slurm job that requested no GPU while torch in it sees none. Each with look-alikes that must
not be read."""

import pytest

from pasted import check_findings, report_categories


def _first(text: str) -> tuple[str, str]:
    first = check_findings(text)[0]
    return first["id"], first["category"]


def _ids(text: str) -> list[str]:
    return [f["id"] for f in check_findings(text)]


# ---- the NVIDIA kernel module missing or not loaded ----------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # Fedora's notice at boot when RPM Fusion's akmod was not built or not loaded (the round's report, in its words)
    "Error after installation - Nvidia kernel module missing\n\nThe Nvidia app will not open.\n",
    "Nvidia kernel module missing, falling back to nouveau\n",
    # modprobe finds no module for the running kernel
    "$ sudo modprobe nvidia\nmodprobe: FATAL: Module nvidia not found in directory /lib/modules/6.8.0-45-generic\n",
    # the driver installer could not load the module it built
    "ERROR: Unable to load the kernel module 'nvidia.ko'.  This happens most frequently when this kernel module was "
    "built against the wrong or improperly configured kernel sources\n",
    "ERROR: Unable to load the 'nvidia-drm' kernel module.\n",
    # said in words
    "After the kernel update the NVIDIA kernel module is not loaded and torch.cuda.is_available() is False\n",
])
def test_nvidia_kernel_module_not_loaded_is_a_hidden_gpu(text):
    assert _first(text) == ("nvidia-kernel-module-not-loaded", "gpu_not_visible")


@pytest.mark.parametrize("text", [
    # advice and conditionals, not a report that the module is missing
    "If the NVIDIA kernel module is not loaded, run sudo modprobe nvidia and check nvidia-smi again.\n",
    "Check whether the nvidia kernel module is loaded with lsmod | grep nvidia.\n",
    # a loaded module's version line (/proc/driver/nvidia/version) and the kernel log of a mismatch
    "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.90.07  Fri May 31 09:35:42 UTC 2024\n",
    "NVRM: API mismatch: the client has the version 535.54.03, but\nNVRM: this kernel module has the version 530.30.02.\n",
    # another module
    "modprobe: FATAL: Module vboxdrv not found in directory /lib/modules/6.8.0-45-generic\n",
])
def test_kernel_module_look_alikes_are_not_read(text):
    assert "nvidia-kernel-module-not-loaded" not in _ids(text)


def test_the_fedora_report_reads_the_missing_module():
    assert report_categories("13116-nvautoinstall-64-nvidia-kernel-module-missing-after-install.txt")[:1] == \
        ["gpu_not_visible"]


# ---- a Slurm job that requested no GPU -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # the round's report: True on the staging node, False under srun (the output as a comment)
    'python -c "import torch; print(torch.cuda.is_available())"\n# True\n'
    'srun python -c "import torch; print(torch.cuda.is_available())"\n# False\n',
    # an interactive job on a partition, without a GPU request
    "srun -p gpu --pty bash\n>>> import torch\n>>> torch.cuda.is_available()\nFalse\n",
    # a batch script, and torch's False in words
    "#SBATCH -N 1\n#SBATCH --ntasks-per-node=4\nsrun python train.py\ntorch.cuda.is_available() returns False\n",
    "(env) user@login01:~$ sbatch run.sh\nIn the job torch.cuda.is_available() is False\n",
])
def test_slurm_job_without_a_gpu_request_is_a_hidden_gpu(text):
    assert _first(text) == ("slurm-job-without-gpu", "gpu_not_visible")


@pytest.mark.parametrize("text", [
    # a GPU requested, in any of Slurm's spellings: the job has a GPU, something else hides it
    "#SBATCH --gres=gpu:1\nsrun python -c \"import torch; print(torch.cuda.is_available())\"\nFalse\n",
    "srun --gres gpu:a100:2 python train.py\ntorch.cuda.is_available() returns False\n",
    "srun --gpus=1 python -c \"import torch; print(torch.cuda.is_available())\"\nFalse\n",
    "#SBATCH --gpus-per-node=4\nsrun python train.py\ntorch.cuda.is_available() returns False\n",
    "srun -G 1 python train.py\ntorch.cuda.is_available() returns False\n",
    # Slurm only named in prose, no command
    "I use slurm on our cluster and torch.cuda.is_available() returns False\n",
    # torch sees the GPU in the job
    "srun --pty python -c \"import torch; print(torch.cuda.is_available())\"\nTrue\n",
    # the job's nvidia-smi lists a GPU: the job has it
    "srun python check.py\n"
    "| NVIDIA-SMI 535.104.05             Driver Version: 535.104.05   CUDA Version: 12.2     |\n"
    "|   0  NVIDIA A100-SXM4-40GB          On  | 00000000:07:00.0 Off |                    0 |\n"
    "torch.cuda.is_available() returns False\n",
    # a Slurm job killed for memory: nothing about the GPU
    "srun python train.py\nslurmstepd: error: Detected 1 oom_kill event in StepId=123.0.\nKilled\n",
])
def test_slurm_look_alikes_are_not_read(text):
    assert "slurm-job-without-gpu" not in _ids(text)


def test_a_cpu_only_torch_in_the_job_stays_the_cause():
    text = ("srun python -c \"import torch; print(torch.__version__, torch.cuda.is_available())\"\n"
            "2.3.1+cpu False\n")
    assert "slurm-job-without-gpu" not in _ids(text)


def test_the_slurm_report_reads_the_missing_request():
    assert report_categories("13108-synapse-199-srun-no-gpu-requested.txt")[:1] == ["gpu_not_visible"]
