"""YD30x: torchvision, torchaudio and cuDNN."""

from diagnose_machines import GTX_1080, RTX_4090, V100, finding, ids, machine, pkg


def _tv(torch, torchvision, **kw):
    kw.setdefault("driver", "550.54.14")
    return machine(gpus=[RTX_4090], torch=torch,
                   packages={"torchvision": pkg(torchvision, nms_ok=True), **kw.pop("packages", {})}, **kw)


# YD301 / YD302 (pairs from compat/torch.toml; torch >= 2.14 accepts torchvision >= 0.29 per Ultralytics)

def test_exact_pair_is_fine():
    assert ids(_tv("2.4.1+cu121", "0.19.1+cu121")) == set()


def test_other_torchvision_release_and_other_cuda_build():
    facts = _tv("2.4.0+cu121", "0.20.1+cu124")
    f = finding(facts, "YD301")
    assert "0.19.0" in f.message and "cu124 build while torch is the cu121 build" in f.message
    assert "--index-url https://download.pytorch.org/whl/cu121 torch==2.4.0+cu121 torchvision==0.19.0+cu121" in f.fix
    assert f.data["wanted_torchvision"] == "0.19.0"


def test_same_release_other_cuda_build():
    assert "YD301" in ids(_tv("2.4.1+cu121", "0.19.1+cu124"))


def test_abi_stable_torchvision_from_2_14():
    assert "YD301" not in ids(_tv("2.15.0+cu130", "0.29.1+cu130", driver="580.65.06"))
    assert "YD301" in ids(_tv("2.14.1+cu130", "0.28.0+cu130", driver="580.65.06"))


def test_missing_operator():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu121",
                    packages={"torchvision": pkg("0.19.1+cu121", nms_ok=False,
                                                 nms_error="RuntimeError: operator torchvision::nms does not exist")})
    f = finding(facts, "YD301")
    assert "compiled operators do not load" in f.message


def test_torchaudio_pairing():
    facts = _tv("2.4.1+cu121", "0.19.1+cu121", packages={"torchaudio": pkg("2.3.0+cu121")})
    f = finding(facts, "YD302")
    assert "2.4.1" in f.message and "torchaudio==2.4.1+cu121" in f.fix
    fine = _tv("2.14.1+cu130", "0.29.1+cu130", driver="580.65.06", packages={"torchaudio": pkg("2.11.0")})
    assert "YD302" not in ids(fine)  # no torchaudio exists for 2.14; it imports, so nothing to say
    broken = _tv("2.14.1+cu130", "0.29.1+cu130", driver="580.65.06",
                 packages={"torchaudio": pkg("2.11.0", status="error", error="OSError: undefined symbol")})
    assert "No torchaudio release exists for torch 2.14.1" in finding(broken, "YD302").message


# YD303 .. YD305 (cuDNN >= 9.11 drops SM < 7.5: compat/cudnn.toml, marked unverified)

def test_cudnn_9_11_or_newer_with_a_gpu_below_7_5():
    # A build whose arch list still has sm_70 (so only cuDNN is in the way).
    facts = machine(gpus=[V100], driver="580.65.06", torch="2.9.1+cu130", cudnn="9.13.0",
                    arch_list=["sm_70", "sm_75", "sm_80", "sm_86", "sm_90", "sm_100", "sm_120"])
    f = finding(facts, "YD303")
    assert ids(facts) == {"YD303"}
    assert f.certainty == "likely" and "9.11" in f.message
    # 2.9.1's cu126 and cu128 wheels both ship cuDNN 9.10.2.21; the newer CUDA wins
    assert (f.data["wanted_torch"], f.data["wanted_variant"]) == ("2.9.1", "cu128")


def test_cudnn_9_10_still_supports_pascal():
    assert ids(machine(gpus=[GTX_1080], driver="570.26", torch="2.9.1+cu126", cudnn="9.10.2")) == set()


def test_cudnn_version_from_the_table_when_not_imported():
    facts = machine(gpus=[V100], driver="580.65.06", torch="2.14.1+cu130", torch_source="metadata",
                    cuda_available=None, arch_list=["sm_70", "sm_75"])
    assert "bundled with torch 2.14.1 cu130" in finding(facts, "YD303").evidence[0]


def test_cudnn_cannot_be_loaded():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="2.4.1+cu124", torch_status="error",
                    torch_error="ImportError: libcudnn.so.9: cannot open shared object file: No such file or directory")
    facts.cuda.ld_library_path_cuda_libs = ["/usr/local/cuda/lib64/libcudnn.so.8"]
    f = finding(facts, "YD304")
    assert ids(facts) == {"YD304"} and "LD_LIBRARY_PATH" in f.fix and "/usr/local/cuda/lib64" in f.fix


def test_cudnn_runtime_older_than_compiled():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="1.12.1+cu113", torch_status="ok",
                    torch_warnings=["RuntimeError: cuDNN version incompatibility: PyTorch was compiled against "
                                    "(8, 3, 2) but found runtime version (8, 0, 3)."])
    assert "YD304" in ids(facts)


def test_cudnn_shadowed_on_ld_library_path():
    facts = machine(gpus=[RTX_4090], driver="550.54.14", torch="1.12.1+cu113", cudnn="8.0.3")
    facts.cuda.ld_library_path_cuda_libs = ["/opt/cudnn/lib/libcudnn.so.8.0.3"]
    f = finding(facts, "YD305")
    assert "ships cuDNN 8.3.2.44 but loaded cuDNN 8.0.3" in f.message
    facts.torch.cudnn_version = "8.3.2"
    assert "YD305" not in ids(facts)
