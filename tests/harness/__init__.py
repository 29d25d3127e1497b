"""Scenario harness: declare a machine, build it for real, run the real CLI.

    from tests.harness import materialise, run_facts
    m = materialise(scenario, tmp_path)
    result = run_facts(m)

See spec.py for what a scenario can declare, build.py for how it is built.
"""

from .build import Materialised, NoCompiler, gpu_uuid, materialise
from .run import FactsRun, between, contains, fill, lookup, mismatches, placeholders, positive, run_facts, startswith
from .network import serve_network
from .spec import (FINE, HANG, SEGFAULT, Behaviour, Dist, Driver, Endpoint, FlashAttnBuild, Gpu, GpuProcess, Machine, Module,
                   NumpyBuild, NvidiaSmi, OnnxruntimeBuild, PythonSpec, Scenario, TorchBuild, TorchDevice,
                   TorchvisionBuild, UltralyticsTree, raises, warns)

__all__ = [name for name in dir() if not name.startswith("_")]
