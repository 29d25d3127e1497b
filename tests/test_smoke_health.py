"""GPU health: measurements against compat/gpus.toml and NVML's account of the run.

No GPU here: the measurements are the figures a stage would report, the
datasheets are the real compat table.
"""

import sys

import pytest

from yolodoctor.knowledge.files import load_compat_table
from yolodoctor.smoke import health
from yolodoctor.smoke.health_run import assess
from yolodoctor.smoke.model import PASS, StageResult
from yolodoctor.smoke.nvml_watch import NvmlWatch


@pytest.fixture(scope="module")
def gpus():
    return load_compat_table("gpus.toml", "gpu", ("name", "name_patterns"))


@pytest.mark.parametrize("reported,entry", [
    ("NVIDIA A100-SXM4-80GB", "NVIDIA A100 SXM4 80GB"),
    ("NVIDIA A10", "NVIDIA A10"),
    ("NVIDIA A10G", None),  # another SKU: "NVIDIA A10" must not swallow it
    ("NVIDIA L40S", "NVIDIA L40S"),
    ("NVIDIA L4", "NVIDIA L4"),
    ("NVIDIA H100 80GB HBM3", "NVIDIA H100 SXM5"),
    ("NVIDIA GeForce RTX 4090", "GeForce RTX 4090"),
    ("Tesla T4", "Tesla T4"),
    ("Some Future GPU", None),
])
def test_datasheet_lookup_by_the_name_torch_reports(gpus, reported, entry):
    found = health.datasheet_for(reported, gpus)
    assert (found["name"] if found else None) == entry


def _h100_measured(scale=1.0):
    return {"name": "NVIDIA H100 80GB HBM3", "fp16_tflops": 700 * scale, "bf16_tflops": 710 * scale,
            "fp32_tflops": 50 * scale, "memory_bandwidth_gbs": 2900 * scale, "h2d_gbs": 50 * scale,
            "d2h_gbs": 52 * scale}


NVML_OK = {"available": True, "pcie": {"max_generation": 5, "max_width": 16, "busy_generation_min": 5,
                                       "busy_width_min": 16},
           "throttle_mask_busy": 0x4, "temperature_c_max": 71, "xid_events": [], "ecc_volatile_uncorrected": 0}


def _stage(measured):
    return StageResult("health", "cuda:0", PASS, 12.0, "measured", data={"measured": measured})


def test_a_healthy_h100_makes_no_finding_and_reports_ratios(gpus):
    result, findings = assess(_stage(_h100_measured()), {"name": "NVIDIA H100 80GB HBM3"}, NVML_OK, gpus)
    assert findings == []
    rows = {r["metric"]: r for r in result.data["comparison"]}
    assert rows["fp16_tflops"]["ratio"] == pytest.approx(700 / 989, rel=1e-3)
    assert rows["h2d_gbs"]["expected"] == pytest.approx(3.938 * 16)  # PCIe Gen5 x16
    assert "against NVIDIA H100 SXM5" in result.detail and result.finding is None


def test_a_gpu_at_a_third_of_its_datasheet_is_a_finding(gpus):
    result, findings = assess(_stage(_h100_measured(0.3)), {}, NVML_OK, gpus)
    assert [f.id for f in findings] == ["YDS201"]
    assert findings[0].severity == "warning" and "float16 matmul" in findings[0].message
    assert result.finding == "YDS201"


def test_thermal_slowdown_pcie_link_ecc_and_xid_are_findings(gpus):
    nvml = dict(NVML_OK, throttle_mask_busy=0x4 | 0x40, xid_events=[79], ecc_volatile_uncorrected=3,
                pcie={"max_generation": 4, "max_width": 16, "busy_generation_min": 4, "busy_width_min": 8})
    _, findings = assess(_stage(_h100_measured()), {}, nvml, gpus)
    by_id = {f.id: f for f in findings}
    assert set(by_id) == {"YDS202", "YDS203", "YDS204", "YDS205"}
    assert "hardware thermal slowdown" in by_id["YDS202"].message
    assert "software power cap" not in by_id["YDS202"].message  # normal under load: not a finding
    assert "Gen4 x8" in by_id["YDS203"].message
    assert "Xid 79" in by_id["YDS205"].message


def test_an_unknown_gpu_is_measured_not_judged(gpus):
    measured = dict(_h100_measured(0.01), name="Some Future GPU")
    result, findings = assess(_stage(measured), {}, {"available": False, "error": "NVML unavailable: x"}, gpus)
    assert findings == []
    assert "no datasheet figures" in result.detail and "NVML unavailable" in result.detail


def test_a_failed_health_stage_is_not_assessed(gpus):
    failed = StageResult("health", "cuda:0", "fail", 1.0, "boom", error="boom")
    result, findings = assess(failed, {}, NVML_OK, gpus)
    assert findings == [] and result.data["nvml"] == NVML_OK


def test_throttle_bits_decode_from_the_table():
    data = health.load_health()
    assert health.throttle_reasons(0x8 | 0x1, data) == [("GPU idle", False),
                                                         ("hardware slowdown (thermal or power brake)", True)]


def test_nvml_watch_without_a_driver_reports_why_and_does_not_raise():
    watch = NvmlWatch(uuid="GPU-00000000-0000-0000-0000-000000000000")
    watch.start()
    summary = watch.stop()
    assert summary["available"] is False
    assert "NVML" in summary["error"]


class _NvmlError(Exception):
    pass


def _fake_pynvml():
    """A stand-in nvidia-ml-py presenting one busy GPU: utilisation alternates idle/busy; the power-cap
    bit is set only while idle, thermal slowdown while busy; the link drops to Gen3 x8 under load;
    one Xid 79 is waiting; a row remap is pending. Unknown UUIDs raise, as NVML does."""
    import types

    nv = types.ModuleType("pynvml")
    state = {"calls": 0, "xids": [79], "shutdown": False}
    nv.NVML_CLOCK_SM, nv.NVML_TEMPERATURE_GPU = 1, 0
    nv.NVML_MEMORY_ERROR_TYPE_UNCORRECTED, nv.NVML_VOLATILE_ECC, nv.NVML_AGGREGATE_ECC = 1, 0, 1
    nv.nvmlEventTypeXidCriticalError = 8

    def busy():
        return state["calls"] % 2 == 1

    def utilisation(handle):
        state["calls"] += 1
        return types.SimpleNamespace(gpu=100 if busy() else 0, memory=10)

    def by_uuid(uuid):
        if uuid != "GPU-1234":
            raise _NvmlError("Not Found")
        return "handle"

    def wait(events, timeout_ms):
        if not state["xids"]:
            raise _NvmlError("Timeout")
        return types.SimpleNamespace(eventType=8, eventData=state["xids"].pop())

    def not_supported(*args):
        raise _NvmlError("Not Supported")

    nv.nvmlInit = lambda: None
    nv.nvmlShutdown = lambda: state.update(shutdown=True)
    nv.nvmlDeviceGetHandleByUUID = by_uuid
    nv.nvmlDeviceGetHandleByPciBusId = not_supported
    nv.nvmlDeviceGetMaxClockInfo = lambda h, clock: 1980
    nv.nvmlDeviceGetEnforcedPowerLimit = lambda h: 700000
    nv.nvmlDeviceGetMaxPcieLinkGeneration = lambda h: 4
    nv.nvmlDeviceGetMaxPcieLinkWidth = lambda h: 16
    nv.nvmlDeviceGetUtilizationRates = utilisation
    nv.nvmlDeviceGetClockInfo = lambda h, clock: 1400 if busy() else 345
    nv.nvmlDeviceGetTemperature = lambda h, sensor: 88 if busy() else 40
    nv.nvmlDeviceGetPowerUsage = lambda h: 650000 if busy() else 60000
    nv.nvmlDeviceGetCurrentClocksEventReasons = lambda h: 0x40 if busy() else 0x4 | 0x1
    nv.nvmlDeviceGetCurrPcieLinkGeneration = lambda h: 3 if busy() else 1
    nv.nvmlDeviceGetCurrPcieLinkWidth = lambda h: 8 if busy() else 16
    nv.nvmlEventSetCreate = lambda: "events"
    nv.nvmlDeviceRegisterEvents = lambda h, kinds, events: None
    nv.nvmlEventSetWait_v2 = wait
    nv.nvmlEventSetFree = lambda events: None
    nv.nvmlDeviceGetTotalEccErrors = not_supported  # GeForce: no ECC
    nv.nvmlDeviceGetRetiredPagesPendingStatus = not_supported
    nv.nvmlDeviceGetRemappedRows = lambda h: (0, 0, 1, 0)
    return nv, state


def test_nvml_watch_samples_under_load_and_collects_memory_and_xid(monkeypatch, gpus):
    import time

    fake, state = _fake_pynvml()
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    watch = NvmlWatch(uuid="GPU-1234", interval=0.05)
    watch.start()
    time.sleep(0.6)
    summary = watch.stop()
    assert summary["available"] and state["shutdown"]
    assert summary["samples"] >= 4 and 1 <= summary["busy_samples"] < summary["samples"]
    assert summary["throttle_mask_busy"] == 0x40  # the idle samples' power-cap bit is not counted
    assert summary["sm_clock_mhz_min_busy"] == 1400 and summary["temperature_c_max"] == 88
    assert summary["pcie"] == {"max_generation": 4, "max_width": 16, "busy_generation_min": 3, "busy_width_min": 8}
    assert summary["xid_events"] == [79]
    assert summary["ecc_volatile_uncorrected"] is None and summary["remapped_rows_pending"] is True
    _, findings = assess(_stage(_h100_measured()), {}, summary, gpus)
    assert {f.id for f in findings} == {"YDS202", "YDS203", "YDS204", "YDS205"}


def test_nvml_watch_for_a_gpu_nvml_does_not_know(monkeypatch):
    fake, state = _fake_pynvml()
    monkeypatch.setitem(sys.modules, "pynvml", fake)
    watch = NvmlWatch(uuid="GPU-other", pci_bus_id="00000000:01:00.0")
    watch.start()
    summary = watch.stop()
    assert summary == {"available": False, "error": "NVML could not find this GPU (by UUID or PCI bus id)"}
    assert state["shutdown"]
