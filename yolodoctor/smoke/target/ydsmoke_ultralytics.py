"""Stage "ultralytics": a YOLO model built from its yaml (no weights), a
prediction on a generated image, and one short training epoch (with
validation) on a tiny dataset generated here. Nothing is downloaded: the
process runs offline with the network blocked; two Ultralytics checks that
fetch files are replaced: the AMP self-check (it downloads a pretrained
model; the model stage checks AMP itself) and the font check of dataset
loading (it downloads Arial.ttf for plots, which are off here).
"""

import importlib.util
import math
import os

import ydsmoke_common as common
from ydsmoke_common import Failure, Skip

MODEL_YAMLS = ("yolo11n.yaml", "yolov8n.yaml")  # the first one this Ultralytics knows is used
BOX_COLOURS = ((0, 0, 255), (0, 200, 0), (255, 0, 0))


def _offline_settings(workdir):
    os.environ["YOLO_OFFLINE"] = "1"  # Ultralytics >= 8.3: skip online checks
    os.environ.setdefault("YOLO_VERBOSE", "False")
    os.environ["YOLO_CONFIG_DIR"] = os.path.join(workdir, "ultralytics-config")  # leave the user's settings alone
    os.makedirs(os.environ["YOLO_CONFIG_DIR"], exist_ok=True)


def _write_image(path, image):
    try:
        import cv2

        if not cv2.imwrite(path, image):
            raise OSError("cv2.imwrite failed for %s" % path)
    except ImportError:
        from PIL import Image

        Image.fromarray(image[:, :, ::-1]).save(path)


def make_dataset(root, images, size, seed=0):
    """A few images with coloured rectangles and their YOLO labels; returns data.yaml's path."""
    import numpy as np

    rng = np.random.default_rng(seed)
    for split in ("train", "val"):
        os.makedirs(os.path.join(root, "images", split), exist_ok=True)
        os.makedirs(os.path.join(root, "labels", split), exist_ok=True)
        for i in range(images):
            image = np.full((size, size, 3), 114, np.uint8)
            lines = []
            for _ in range(int(rng.integers(1, 3))):
                cls = int(rng.integers(0, len(BOX_COLOURS)))
                w, h = (int(v) for v in rng.integers(size // 5, size // 2, 2))
                x0, y0 = (int(v) for v in rng.integers(0, size - max(w, h), 2))
                image[y0:y0 + h, x0:x0 + w] = BOX_COLOURS[cls]
                lines.append("%d %.5f %.5f %.5f %.5f" % (cls, (x0 + w / 2) / size, (y0 + h / 2) / size, w / size,
                                                         h / size))
            _write_image(os.path.join(root, "images", split, "%d.png" % i), image)
            with open(os.path.join(root, "labels", split, "%d.txt" % i), "w") as fh:
                fh.write("\n".join(lines) + "\n")
    data_yaml = os.path.join(root, "data.yaml")
    with open(data_yaml, "w") as fh:
        fh.write("path: %s\ntrain: images/train\nval: images/val\nnames:\n" % root)
        for cls, name in enumerate(("red", "green", "blue")):
            fh.write("  %d: %s\n" % (cls, name))
    return data_yaml


def _build(YOLO):
    errors = []
    for name in MODEL_YAMLS:
        try:
            return name, YOLO(name)
        except (FileNotFoundError, KeyError) as exc:  # a yaml this version does not ship
            errors.append("%s: %s" % (name, common.error_text(exc)))
    raise Failure("Ultralytics could build none of %s: %s" % (", ".join(MODEL_YAMLS), "; ".join(errors)))


def _no_downloads():
    """Replace the Ultralytics checks that fetch files (see the module doc)."""
    try:
        import ultralytics.data.utils as data_utils
        import ultralytics.engine.trainer as trainer
    except ImportError:
        return
    if hasattr(trainer, "check_amp"):
        trainer.check_amp = lambda model: True
    if hasattr(data_utils, "check_font"):
        data_utils.check_font = lambda *args, **kwargs: None


def run(ctx):
    if importlib.util.find_spec("ultralytics") is None:
        raise Skip("ultralytics is not installed")
    blocked = common.block_network()
    _offline_settings(ctx.workdir)
    device = ctx.device
    ul_device = device.split(":")[1] if device.startswith("cuda") else "cpu"  # Ultralytics' own notation: "0"
    size, images, epochs = (64, 4, 1) if not ctx.full else (128, 16, 2)
    workers = 0 if not ctx.full else 2  # full: real DataLoader workers, which need /dev/shm
    with ctx.check("import ultralytics") as check:
        import ultralytics
        from ultralytics import YOLO

        check.detail = "ultralytics %s" % ultralytics.__version__
    with ctx.check("build a model from its yaml") as check:
        yaml_name, model = _build(YOLO)
        check.detail = yaml_name
    with ctx.check("predict on a generated image") as check:
        import numpy as np

        image = np.full((size, size, 3), 114, np.uint8)
        image[size // 4: size // 2, size // 4: size // 2] = BOX_COLOURS[0]
        results = model.predict(image, imgsz=size, device=ul_device, verbose=False)
        boxes = results[0].boxes
        if boxes is None:
            raise Failure("predict returned no boxes object")
        if not common.all_finite(boxes.data):
            raise Failure("predict returned NaN/Inf boxes on %s" % device)
        check.detail = "%d boxes from an untrained model" % len(boxes)
    with ctx.check("train %d epoch%s on %d generated images" % (epochs, "s" * (epochs > 1), images)) as check:
        data_yaml = make_dataset(os.path.join(ctx.workdir, "dataset"), images, size)
        _no_downloads()
        model.train(data=data_yaml, epochs=epochs, imgsz=size, batch=4, workers=workers, device=ul_device,
                    plots=False, project=os.path.join(ctx.workdir, "runs"), name="train", exist_ok=True,
                    verbose=False, amp=device.startswith("cuda"), seed=0, val=True)
        trainer = model.trainer
        losses = trainer.tloss
        if isinstance(losses, dict):
            values = [float(v) for v in losses.values()]
        elif losses is not None:
            values = [float(v) for v in (losses.flatten() if hasattr(losses, "flatten") else [losses])]
        else:
            raise Failure("training finished without a loss")
        if not all(math.isfinite(v) for v in values):
            raise Failure("the training loss is NaN/Inf on %s: %s" % (device, values))
        last = os.path.join(str(trainer.save_dir), "weights", "last.pt")
        if not os.path.isfile(last):
            raise Failure("training wrote no checkpoint (%s is missing)" % last)
        check.detail = "loss %s, checkpoint written" % " ".join("%.3f" % v for v in values)
        check.data = {"losses": values}
    detail = "ultralytics %s: %s built, predicted, trained %d epoch(s) on %s" % (ultralytics.__version__, yaml_name,
                                                                                 epochs, device)
    if blocked:  # the stage passed without them; say what was tried
        detail += "; network access blocked: %s" % ", ".join(sorted(set(blocked))[:5])
    return {"detail": detail, "data": {"ultralytics": ultralytics.__version__, "model": yaml_name,
                                       "image_size": size, "network_blocked": sorted(set(blocked))}}
