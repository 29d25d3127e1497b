"""Stage "export": the YOLO-shaped network to ONNX (checked with onnx, run
with onnxruntime when it is installed) and, with TensorRT and a CUDA device,
a TensorRT engine built from that ONNX and run against torch's output.

torch >= 2.9 exports through torch.export by default, which needs
onnxscript; without it the TorchScript exporter (dynamo=False, the one
Ultralytics uses) is taken and the detail says so.
"""

import importlib.util
import inspect
import os

import ydsmoke_common as common
import ydsmoke_yolonet as yolonet
from ydsmoke_common import Failure, Skip

IMAGE_SIZE = 64
ONNX_TOLERANCE = 1e-3  # max relative error of onnxruntime / TensorRT (float32) against torch
OPSET = 17


def _export_onnx(torch, model, x, path):
    """Export with the default exporter when it can run offline here, else the TorchScript one."""
    params = inspect.signature(torch.onnx.export).parameters
    if "dynamo" not in params:  # torch < 2.5: only the TorchScript exporter
        torch.onnx.export(model, (x,), path, opset_version=OPSET, input_names=["images"], output_names=["output"])
        return "TorchScript exporter"
    if importlib.util.find_spec("onnxscript") is not None:
        torch.onnx.export(model, (x,), path, dynamo=True, input_names=["images"], output_names=["output"])
        return "torch.export exporter (dynamo=True)"
    torch.onnx.export(model, (x,), path, dynamo=False, opset_version=OPSET, input_names=["images"],
                      output_names=["output"])
    return "TorchScript exporter (dynamo=False; the torch.export exporter needs onnxscript, not installed)"


def _check_onnx(ctx, torch, model, x, want, path):
    name = "ONNX export"
    if importlib.util.find_spec("onnx") is None:
        ctx.skip_check(name, "onnx is not installed")
        return None
    with ctx.check(name) as check:
        import onnx

        exporter = _export_onnx(torch, model, x, path)
        graph = onnx.load(path)
        onnx.checker.check_model(graph)
        check.detail = "onnx %s, %s, %d nodes" % (onnx.__version__, exporter, len(graph.graph.node))
    with ctx.check("ONNX Runtime inference") as check:
        if importlib.util.find_spec("onnxruntime") is None:
            raise Skip("onnxruntime is not installed: the graph was checked, not run")
        import onnxruntime

        session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
        got = session.run(None, {session.get_inputs()[0].name: x.numpy()})[0]
        err = common.max_relative_error(torch.from_numpy(got), want)
        check.detail = "onnxruntime %s, max relative error %.2g" % (onnxruntime.__version__, err)
        if err > ONNX_TOLERANCE:
            raise Failure("onnxruntime's output of the exported model differs from torch: max relative error "
                          "%.3g (tolerance %g)" % (err, ONNX_TOLERANCE))
    return exporter


class _TrtLog(object):
    """Collects TensorRT's warnings and errors: they are the explanation when a build fails."""

    def __init__(self, trt):
        base = trt.ILogger

        class Logger(base):
            def __init__(self):
                base.__init__(self)
                self.messages = []

            def log(self, severity, msg):
                if int(severity) <= int(trt.Logger.WARNING):  # INTERNAL_ERROR, ERROR, WARNING
                    self.messages.append("%s: %s" % (str(severity).split(".")[-1], msg))

        self.logger = Logger()

    def text(self):
        return "\n".join(self.logger.messages[-20:])


def _build_engine(trt, onnx_path):
    log = _TrtLog(trt)
    builder = trt.Builder(log.logger)
    major = int(trt.__version__.split(".")[0])
    flags = 0
    if major < 10:  # explicit batch became the only mode in TensorRT 10
        flags = 1 << int(trt.NetworkDefinitionCreationFlag.EXPLICIT_BATCH)
    network = builder.create_network(flags)
    parser = trt.OnnxParser(network, log.logger)
    with open(onnx_path, "rb") as fh:
        if not parser.parse(fh.read()):
            errors = [str(parser.get_error(i)) for i in range(parser.num_errors)]
            raise Failure("TensorRT could not parse the ONNX model: %s" % "; ".join(errors))
    config = builder.create_builder_config()
    if hasattr(config, "set_memory_pool_limit"):
        config.set_memory_pool_limit(trt.MemoryPoolType.WORKSPACE, 1 << 28)
    else:  # TensorRT < 8.4
        config.max_workspace_size = 1 << 28
    serialized = builder.build_serialized_network(network, config)
    if serialized is None:
        raise Failure("TensorRT could not build an engine:\n%s" % (log.text() or "(TensorRT logged nothing)"))
    runtime = trt.Runtime(log.logger)
    engine = runtime.deserialize_cuda_engine(serialized)
    if engine is None:
        raise Failure("TensorRT could not load the engine it built:\n%s" % log.text())
    return engine, log


def _run_engine(torch, trt, engine, x, device):
    context = engine.create_execution_context()
    inputs = x.to(device).contiguous()
    if hasattr(engine, "num_io_tensors"):  # TensorRT >= 8.5: named tensors
        output = None
        for i in range(engine.num_io_tensors):
            name = engine.get_tensor_name(i)
            if engine.get_tensor_mode(name) == trt.TensorIOMode.INPUT:
                context.set_input_shape(name, tuple(inputs.shape))
                context.set_tensor_address(name, inputs.data_ptr())
            else:
                output = torch.empty(tuple(context.get_tensor_shape(name)), dtype=torch.float32, device=device)
                context.set_tensor_address(name, output.data_ptr())
        stream = torch.cuda.current_stream(device)
        if not context.execute_async_v3(stream.cuda_stream):
            raise Failure("TensorRT engine execution failed")
        stream.synchronize()
        return output
    bindings, output = [], None  # TensorRT 8.0-8.4: binding indices
    for i in range(engine.num_bindings):
        if engine.binding_is_input(i):
            bindings.append(inputs.data_ptr())
        else:
            output = torch.empty(tuple(engine.get_binding_shape(i)), dtype=torch.float32, device=device)
            bindings.append(output.data_ptr())
    if not context.execute_v2(bindings):
        raise Failure("TensorRT engine execution failed")
    torch.cuda.synchronize(device)
    return output


def _check_tensorrt(ctx, torch, x, want, onnx_path, exported):
    name = "TensorRT engine"
    if not ctx.device.startswith("cuda"):
        ctx.skip_check(name, "TensorRT needs a CUDA device (this run: %s)" % ctx.device)
        return None
    if importlib.util.find_spec("tensorrt") is None:
        ctx.skip_check(name, "tensorrt is not installed")
        return None
    if not exported:
        ctx.skip_check(name, "needs the ONNX model, which was not exported")
        return None
    with ctx.check(name) as check:
        import tensorrt as trt

        engine, log = _build_engine(trt, onnx_path)
        got = _run_engine(torch, trt, engine, x, ctx.device)
        err = common.max_relative_error(got, want)
        check.detail = "TensorRT %s, max relative error %.2g" % (trt.__version__, err)
        if err > ONNX_TOLERANCE * 10:  # TensorRT may use TF32 tactics for float32 convolutions
            raise Failure("the TensorRT engine's output differs from torch: max relative error %.3g (tolerance %g)"
                          % (err, ONNX_TOLERANCE * 10))
    return trt.__version__


def run(ctx):
    import torch

    common.one_cpu_thread(torch)

    if importlib.util.find_spec("onnx") is None and importlib.util.find_spec("tensorrt") is None:
        raise Skip("neither onnx nor tensorrt is installed")
    model = yolonet.build(width=8).eval()
    x = yolonet.inputs(1, IMAGE_SIZE)[0]
    with torch.no_grad():
        want = model(x)
    path = os.path.join(ctx.workdir, "tiny_yolo.onnx")
    exporter = _check_onnx(ctx, torch, model, x, want, path)
    trt_version = _check_tensorrt(ctx, torch, x, want, path, exporter is not None)
    done = [c["name"] for c in ctx.checks if c["status"] == "pass"]
    if not done:
        raise Skip("; ".join("%s: %s" % (c["name"], c["detail"]) for c in ctx.checks))
    return {"detail": "%s passed" % ", ".join(done),
            "data": {"onnx_exporter": exporter, "tensorrt": trt_version}}
