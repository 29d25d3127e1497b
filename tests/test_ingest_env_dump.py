"""Environment variables as pasted."""

from yolodoctor.ingest import ingest_text
from pasted import pasted_facts as facts_of


def test_env_and_export_lines():
    f = facts_of("CUDA_HOME=/usr/local/cuda-12.1\nexport HF_ENDPOINT=\"https://hf-mirror.com\"\n"
                 "PIP_INDEX_URL=https://me:s3cret@pypi.example.com/simple\nHF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz\n"
                 "HTTPS_PROXY=http://proxy:3128\nPYTORCH_CUDA_ALLOC_CONF=expandable_segments:True\n")
    assert f.cuda.cuda_home == "/usr/local/cuda-12.1"
    assert f.env.hf_endpoint == "https://hf-mirror.com"
    assert f.env.pip_index_url == "https://***@pypi.example.com/simple"
    assert f.env.hf_token_set is True
    assert f.env.proxies == {"HTTPS_PROXY": True}
    assert f.env.pytorch_cuda_alloc_conf == "expandable_segments:True"


def test_secrets_never_reach_the_facts():
    result = ingest_text("HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyz\nHTTPS_PROXY=http://u:pw@proxy:3128\n")
    from yolodoctor.facts.model import to_dict

    dumped = repr(to_dict(result.facts)) + repr(result.observations) + repr(result.summary)
    assert "hf_abcdefghijklmnopqrstuvwxyz" not in dumped and "pw@" not in dumped


def test_windows_set_and_powershell():
    f = facts_of('set CUDA_PATH=C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v12.1\n'
                 '$env:CUDA_VISIBLE_DEVICES = "1"\n')
    assert f.cuda.cuda_path == "C:\\Program Files\\NVIDIA GPU Computing Toolkit\\CUDA\\v12.1"
    assert f.nvidia.cuda_visible_devices == "1"


def test_echo_then_value():
    result = ingest_text("(py38) [0] user@host:~  $ echo $CUDA_VISIBLE_DEVICES\n2,3\n")
    assert result.facts.nvidia.cuda_visible_devices == "2,3"
    result = ingest_text("$ echo $LD_LIBRARY_PATH\n/usr/local/cuda/lib64:/opt/cudnn/lib\n")
    assert any("LD_LIBRARY_PATH=/usr/local/cuda/lib64:/opt/cudnn/lib" in n for n in result.summary.unmapped)


def test_assignments_before_a_command():
    f = facts_of("$ CUDA_VISIBLE_DEVICES=2,3 NCCL_P2P_DISABLE=1 NCCL_DEBUG=INFO ./all_reduce_perf -g 2\n")
    assert f.nvidia.cuda_visible_devices == "2,3"


def test_ultralytics_printout_distinguishes_empty_from_unset():
    assert facts_of("os.environ['CUDA_VISIBLE_DEVICES']: \n").nvidia.cuda_visible_devices == ""
    assert facts_of("os.environ['CUDA_VISIBLE_DEVICES']: None\n").nvidia.cuda_visible_devices is None
    assert facts_of("os.environ['CUDA_VISIBLE_DEVICES']: 0\n").nvidia.cuda_visible_devices == "0"
