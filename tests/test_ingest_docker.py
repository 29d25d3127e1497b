"""docker run command lines."""

from yolodoctor.ingest import ingest_text


def test_run_without_gpus_and_default_shm():
    result = ingest_text("docker run -it anibali/pytorch:1.4.0-cuda10.1 sh\n")
    assert [s.id for s in result.signals] == ["docker-run-without-gpus", "docker-run-default-shm"]
    assert all(s.origin == "docker" and s.certainty == "likely" for s in result.signals)
    assert result.facts.host.container == "docker"
    assert result.facts.host.shm_total_bytes is None  # the default is a risk, not a reading


def test_a_container_that_only_runs_nvidia_smi_carries_no_shm_risk():
    ids = [s.id for s in ingest_text("docker run --rm --gpus all nvidia/cuda:12.4.1-base-ubuntu22.04 nvidia-smi\n").signals]
    assert "docker-run-default-shm" not in ids
    # the same image running a training job still carries it, and a missing --gpus is still read
    assert "docker-run-default-shm" in [
        s.id for s in ingest_text("docker run --rm --gpus all nvidia/cuda:12.4.1-base-ubuntu22.04 python train.py\n").signals]
    assert [s.id for s in ingest_text("docker run --rm nvidia/cuda:12.4.1-base nvidia-smi\n").signals] == [
        "docker-run-without-gpus"]


def test_run_with_gpus_shm_size_and_environment_over_continuation_lines():
    text = ("docker run --rm -it \\\n  --gpus '\"device=0,1\"' \\\n  --shm-size=8g \\\n"
            "  -e NVIDIA_VISIBLE_DEVICES=0,1 -e CUDA_VISIBLE_DEVICES=0 \\\n  ultralytics/ultralytics:latest yolo train\n")
    result = ingest_text(text)
    assert result.signals == []
    f = result.facts
    assert f.host.shm_total_bytes == 8 << 30
    assert (f.nvidia.nvidia_visible_devices, f.nvidia.cuda_visible_devices) == ("0,1", "0")


def test_a_paste_that_ends_inside_a_continued_command_reads_the_command_without_its_marker():
    whole = ingest_text("docker run -d \\\n    --runtime=nvidia \\\n    vllm/vllm-openai:latest\n")
    cut = ingest_text("docker run -d \\\n")
    [evidence] = cut.facts.host.container_evidence
    assert evidence == "container started with: docker run -d"
    assert whole.facts.host.container_evidence[0].startswith(evidence)


def test_nvidia_runtime_nvidia_docker_ipc_host_and_cdi_count_as_gpu_access():
    for line in ("docker run --runtime=nvidia --ipc=host img", "nvidia-docker run --ipc host img",
                 "podman run --device nvidia.com/gpu=all --shm-size 2G img",
                 "docker run --gpus=all --ipc=host -v /data:/data img python train.py --gpus 0"):
        assert ingest_text(line + "\n").signals == [], line


def test_options_after_the_image_belong_to_the_container_command():
    [signal, _shm] = ingest_text("docker run img python train.py --gpus all\n").signals
    assert signal.id == "docker-run-without-gpus"


def test_unbalanced_quotes_in_a_fragment():
    result = ingest_text("docker run --gpus all -e 'A=b img\n")
    assert [s.id for s in result.signals] == ["docker-run-default-shm"]


def test_options_that_take_a_value_before_gpus_do_not_end_the_options():
    # --log-opt, --ulimit, --label and the like take the next word: --gpus and --shm-size after them still count
    for line in ("docker run --restart=always --log-opt max-size=10m --log-opt max-file=5 --gpus=1 --shm-size=1g img",
                 "docker run -a stdout --cpu-shares 512 --pids-limit 100 --gpus all --ipc=host img python train.py",
                 "docker run --volumes-from data --network-alias web --mac-address 02:42:ac:11:00:02 --gpus all "
                 "--shm-size 8g img"):
        assert ingest_text(line + "\n").signals == [], line


def test_a_long_command_is_shown_cut_without_a_trailing_space():
    words = " ".join(f"-p{8000 + i}:{8000 + i}" for i in range(40))
    for pad in range(10):  # wherever the cut at 200 characters falls, on a space among them
        [signal, _shm] = ingest_text(f"docker run --name=c{'x' * pad} {words} img\n").signals
        assert signal.text == signal.text.rstrip() and len(signal.text) <= 200, pad
