"""Watching one GPU through NVML while the health stage loads it.

Runs in yolodoctor's own process (nvidia-ml-py is its dependency, not the
target's). Samples clocks, temperature, power, utilisation, throttle
reasons and the PCIe link every quarter second; reads ECC, page retirement
and row remapping once at the end; collects the Xid events raised meanwhile.
Every NVML call may fail (not supported on this GPU, no permission): what
cannot be read stays absent, and nothing here raises.
"""

from __future__ import annotations

import threading
from typing import Any, Optional

BUSY_UTILISATION = 50  # percent: samples above it count as "under load"


def _call(fn, *args):
    try:
        return fn(*args)
    except Exception:  # NVMLError_NotSupported, NoPermission, a missing symbol in an old library, ...
        return None


class NvmlWatch:
    def __init__(self, uuid: Optional[str] = None, pci_bus_id: Optional[str] = None, interval: float = 0.25) -> None:
        self.uuid = uuid
        self.pci_bus_id = pci_bus_id
        self.interval = interval
        self.summary: dict[str, Any] = {"available": False}
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._nvml = None
        self._handle = None
        self._events = None

    # -- lifecycle --
    def start(self) -> None:
        try:
            import pynvml

            pynvml.nvmlInit()
        except Exception as exc:
            self.summary["error"] = f"NVML unavailable: {exc}"
            return
        self._nvml = pynvml
        self._handle = self._find_handle()
        if self._handle is None:
            self.summary["error"] = "NVML could not find this GPU (by UUID or PCI bus id)"
            _call(pynvml.nvmlShutdown)
            self._nvml = None
            return
        self.summary.update(available=True, samples=0, busy_samples=0)
        self._static()
        self._register_xid()
        self._thread = threading.Thread(target=self._loop, daemon=True, name="yolodoctor-nvml-watch")
        self._thread.start()

    def stop(self) -> dict[str, Any]:
        if self._nvml is None:
            return self.summary
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._poll_xid()
        self._memory_health()
        if self._events is not None:
            _call(self._nvml.nvmlEventSetFree, self._events)
        _call(self._nvml.nvmlShutdown)
        self._nvml = None
        return self.summary

    # -- reading --
    def _find_handle(self):
        nv = self._nvml
        if self.uuid:
            handle = _call(nv.nvmlDeviceGetHandleByUUID, self.uuid)
            if handle is not None:
                return handle
        if self.pci_bus_id:
            return _call(nv.nvmlDeviceGetHandleByPciBusId, self.pci_bus_id)
        return None

    def _static(self) -> None:
        nv, h = self._nvml, self._handle
        self.summary["sm_clock_max_mhz"] = _call(nv.nvmlDeviceGetMaxClockInfo, h, nv.NVML_CLOCK_SM)
        limit = _call(nv.nvmlDeviceGetEnforcedPowerLimit, h)
        self.summary["power_limit_w"] = limit / 1000.0 if limit else None
        self.summary["pcie"] = {"max_generation": _call(nv.nvmlDeviceGetMaxPcieLinkGeneration, h),
                                "max_width": _call(nv.nvmlDeviceGetMaxPcieLinkWidth, h)}

    def _throttle_mask(self) -> Optional[int]:
        nv, h = self._nvml, self._handle
        for name in ("nvmlDeviceGetCurrentClocksEventReasons", "nvmlDeviceGetCurrentClocksThrottleReasons"):
            fn = getattr(nv, name, None)
            if fn is not None:
                value = _call(fn, h)
                if value is not None:
                    return int(value)
        return None

    def sample(self) -> None:
        nv, h, s = self._nvml, self._handle, self.summary
        s["samples"] += 1
        util = _call(nv.nvmlDeviceGetUtilizationRates, h)  # first: the readings below belong to this state
        clock = _call(nv.nvmlDeviceGetClockInfo, h, nv.NVML_CLOCK_SM)
        temp = _call(nv.nvmlDeviceGetTemperature, h, nv.NVML_TEMPERATURE_GPU)
        power = _call(nv.nvmlDeviceGetPowerUsage, h)
        if temp is not None:
            s["temperature_c_max"] = max(temp, s.get("temperature_c_max") or temp)
        if power is not None:
            s["power_w_max"] = max(power / 1000.0, s.get("power_w_max") or 0.0)
        if clock is not None:
            s["sm_clock_mhz_max"] = max(clock, s.get("sm_clock_mhz_max") or clock)
        busy = util is not None and getattr(util, "gpu", 0) >= BUSY_UTILISATION
        if not busy:
            return
        s["busy_samples"] += 1
        if clock is not None:
            s["sm_clock_mhz_min_busy"] = min(clock, s.get("sm_clock_mhz_min_busy") or clock)
        mask = self._throttle_mask()
        if mask is not None:
            s["throttle_mask_busy"] = (s.get("throttle_mask_busy") or 0) | mask
        gen = _call(nv.nvmlDeviceGetCurrPcieLinkGeneration, h)
        width = _call(nv.nvmlDeviceGetCurrPcieLinkWidth, h)
        pcie = s["pcie"]
        if gen:
            pcie["busy_generation_min"] = min(gen, pcie.get("busy_generation_min") or gen)
        if width:
            pcie["busy_width_min"] = min(width, pcie.get("busy_width_min") or width)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sample()
            except Exception as exc:  # never let the watcher die loudly
                self.summary["sample_error"] = str(exc)
            self._poll_xid()
            self._stop.wait(self.interval)

    def _register_xid(self) -> None:
        nv = self._nvml
        events = _call(nv.nvmlEventSetCreate)
        if events is None:
            return
        try:
            nv.nvmlDeviceRegisterEvents(self._handle, nv.nvmlEventTypeXidCriticalError, events)
        except Exception as exc:  # not supported on this GPU / platform
            self.summary["xid_error"] = f"Xid events unavailable: {exc}"
            _call(nv.nvmlEventSetFree, events)
            return
        self._events = events
        self.summary["xid_events"] = []

    def _poll_xid(self) -> None:
        if self._events is None:
            return
        while True:
            data = _call(self._nvml.nvmlEventSetWait_v2, self._events, 0)  # raises Timeout when none
            if data is None:
                return
            self.summary["xid_events"].append(int(getattr(data, "eventData", 0)))

    def _memory_health(self) -> None:
        nv, h, s = self._nvml, self._handle, self.summary
        s["ecc_volatile_uncorrected"] = _call(nv.nvmlDeviceGetTotalEccErrors, h,
                                              nv.NVML_MEMORY_ERROR_TYPE_UNCORRECTED, nv.NVML_VOLATILE_ECC)
        s["ecc_aggregate_uncorrected"] = _call(nv.nvmlDeviceGetTotalEccErrors, h,
                                               nv.NVML_MEMORY_ERROR_TYPE_UNCORRECTED, nv.NVML_AGGREGATE_ECC)
        pending = _call(nv.nvmlDeviceGetRetiredPagesPendingStatus, h)
        s["retired_pages_pending"] = bool(pending) if pending is not None else None
        rows = _call(nv.nvmlDeviceGetRemappedRows, h)
        if rows is not None and len(rows) >= 4:
            s["remapped_rows_pending"] = bool(rows[2])
            s["remapped_rows_failure"] = bool(rows[3])
