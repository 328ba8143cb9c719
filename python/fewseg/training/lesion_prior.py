"""Train the lesion prior and export it to ONNX: ``python -m fewseg.training.lesion_prior``.

Seeded and recorded: next to ``lesion_prior.onnx`` it writes ``lesion_prior.json`` with the
data (which images of which split), the settings, the time taken, the Dice on each split
and the outputs on a fixed check input (which the tests compare the shipped model against).

Data: the ``train`` part of the ISIC 2017 folder (see `fewseg.data.isic2017`) and the
``prior_train`` half of the PH2 folder (`fewseg.data.ph2_prior_split`). The checkpoint kept
is the one with the best Dice on the ISIC ``tune`` part; the ``validation`` part and the
other PH2 half are only measured, after training.
"""

import argparse
import json
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch
from torch.nn import functional as F

from .._images import rgb_image
from ..data import isic2017_names, isic2017_split, load_isic2017, load_ph2, ph2_prior_split
from ..lesion.prior.preprocess import INPUT_SIZE, MEAN, STD, network_input, square_rgb
from ..lesion.prior.check import check_input, output_summary
from ..metrics import dice
from ..transform import resize_bilinear
from ._loop import fit_network
from ._network import CHANNELS, LesionUNet, parameter_count

# Training squares are stored larger than the network's input, so zooming in keeps detail.
STORE_SIZE = 192


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.training.lesion_prior", description=__doc__.splitlines()[0])
    parser.add_argument("--isic", type=Path, required=True, help="the ISIC 2017 folder (images, masks, metadata.csv)")
    parser.add_argument("--ph2", type=Path, help="a PH2 folder; its prior_train half joins the training images")
    parser.add_argument("--out", type=Path, required=True, help="folder for lesion_prior.onnx and lesion_prior.json")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2, help="PyTorch threads")
    parser.add_argument("--eval-every", type=int, default=2, help="epochs between Dice checks on the tune part")
    parser.add_argument("--limit", type=int, help="use at most this many images of each part (smoke runs)")
    parser.add_argument("--channels", type=lambda s: tuple(int(c) for c in s.split(",")), default=CHANNELS,
                        help="channels per U-Net level, finest first (comma-separated)")
    return parser.parse_args(argv)


def squares(images, masks, size=STORE_SIZE):
    """uint8 (N, 3, S, S) images and (N, 1, S, S) soft masks at `size`."""
    y = np.stack([square_rgb(m.astype(np.float32)[..., None], 1.0, size) for m in masks])
    return image_squares(images, size), _as_uint8_tensor(y)


def image_squares(images, size=STORE_SIZE):
    """uint8 (N, 3, S, S) images at `size`."""
    return _as_uint8_tensor(np.stack([square_rgb(*rgb_image(im, f"images[{i}]"), size) for i, im in enumerate(images)]))


def _as_uint8_tensor(squares_on_unit):
    """(N, S, S, C) values on [0, 1] -> uint8 (N, C, S, S) tensor (a quarter of float32's memory)."""
    return torch.from_numpy(np.round(squares_on_unit * 255).astype(np.uint8)).permute(0, 3, 1, 2).contiguous()


def probabilities(model, images, batch_size=32, size=INPUT_SIZE):
    """Lesion probability at the network's input size for each RGB uint8 image."""
    model.eval()
    out = []
    with torch.no_grad():
        for start in range(0, len(images), batch_size):
            x = np.stack([network_input(im, size=size) for im in images[start:start + batch_size]])
            out.extend(torch.sigmoid(model(torch.from_numpy(x)))[:, 0].numpy())
    return out


def dice_scores(model, images, masks, size=INPUT_SIZE):
    """Dice of the raw prior (probability over 1/2 at the mask's size) per image."""
    scores = []
    for p, truth in zip(probabilities(model, images, size=size), masks):
        scores.append(dice(resize_bilinear(p, truth.shape) > 0.5, truth))
    return np.array(scores)


def summary(scores):
    return {"images": int(scores.size), "mean_dice": round(float(scores.mean()), 4),
            "median_dice": round(float(np.median(scores)), 4),
            "below_0.6": round(float((scores < 0.6).mean()), 4)} if scores.size else {"images": 0}


def export_onnx(model, path):
    """The model in inference mode as ONNX (to a path or a binary file object): input ``image`` (B, 3, S, S), outputs
    ``logits`` (B, 1, S, S) and ``features`` (the bottleneck, at S/16)."""
    model.eval()

    class WithFeatures(torch.nn.Module):
        def __init__(self, net):
            super().__init__()
            self.net = net

        def forward(self, x):
            skips = []
            for i, block in enumerate(self.net.down):
                if i:
                    x = F.max_pool2d(x, 2)
                x = block(x)
                skips.append(x)
            features = x
            for block, skip in zip(self.net.up, reversed(skips[:-1])):
                x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
                x = block(torch.cat([x, skip], dim=1))
            return self.net.head(x), features

    dummy = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    # The TorchScript exporter (deprecated, but it exports this plain network with a
    # dynamic batch axis without onnxscript); torch is pinned, so it stays available.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        outputs = ["logits", "features"]
        torch.onnx.export(WithFeatures(model), (dummy,), path if hasattr(path, "write") else str(path), input_names=["image"],
                          output_names=outputs, opset_version=17, dynamo=False,
                          dynamic_axes={name: {0: "batch"} for name in ["image", *outputs]})


def main(argv=None):
    args = parse_arguments(argv)
    started = time.time()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    generator = torch.Generator().manual_seed(args.seed)
    limit = (lambda names: names[:args.limit]) if args.limit else (lambda names: names)

    parts = {part: limit(names) for part, names in isic2017_split(isic2017_names(args.isic)).items()}
    data = {part: load_isic2017(args.isic, names) for part, names in parts.items()}
    train_images, train_masks = list(data["train"].images), list(data["train"].masks)
    ph2_parts = {}
    if args.ph2:
        ph2 = load_ph2(args.ph2)
        ph2_parts = {part: limit(names) for part, names in ph2_prior_split(ph2.names).items()}
        index = {name: i for i, name in enumerate(ph2.names)}
        for name in ph2_parts["prior_train"]:
            train_images.append(ph2.images[index[name]])
            train_masks.append(ph2.masks[index[name]])
    x_store, y_store = squares(train_images, train_masks)
    print(f"{len(train_images)} training images ({len(parts['train'])} ISIC, "
          f"{len(ph2_parts.get('prior_train', []))} PH2); loaded in {time.time() - started:.0f} s", flush=True)

    model = LesionUNet(args.channels).to(memory_format=torch.channels_last)

    def tune_dice(net):
        scores = dice_scores(net, data["tune"].images, data["tune"].masks)
        return scores.mean() if scores.size else None

    history, best_epoch = fit_network(model, x_store, y_store, size=INPUT_SIZE, epochs=args.epochs,
                                      batch_size=args.batch_size, learning_rate=args.learning_rate,
                                      weight_decay=args.weight_decay, generator=generator, evaluate=tune_dice,
                                      eval_every=args.eval_every, started=started)
    figures = {part: summary(dice_scores(model, data[part].images, data[part].masks)) for part in ("tune", "validation")}
    if args.ph2:
        held = [index[name] for name in ph2_parts["held_out"]]
        figures["ph2_held_out"] = summary(dice_scores(model, [ph2.images[i] for i in held], [ph2.masks[i] for i in held]))
    args.out.mkdir(parents=True, exist_ok=True)
    onnx_path = args.out / "lesion_prior.onnx"
    export_onnx(model, onnx_path)
    model.eval()
    with torch.no_grad():
        logits, = [model(torch.from_numpy(check_input()[None])).numpy()]
    record = {
        "model": "lesion_prior",
        "architecture": {"kind": "U-Net", "channels": list(model.channels), "parameters": parameter_count(model),
                         "input_size": INPUT_SIZE, "normalisation": {"mean": MEAN.tolist(), "std": STD.tolist()}},
        "data": {"isic2017": {"folder": str(args.isic), "train": len(parts["train"]), "tune": len(parts["tune"]),
                              "validation": len(parts["validation"])},
                 "ph2": ({"folder": str(args.ph2), "prior_train": ph2_parts["prior_train"],
                          "held_out": len(ph2_parts["held_out"])} if args.ph2 else None)},
        "settings": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "selected_epoch": best_epoch,
        "history": history,
        "dice_raw_prior": figures,
        "check_output": output_summary(logits[0, 0]),
        "training_minutes": round((time.time() - started) / 60, 1),
        "environment": {"python": platform.python_version(), "torch": torch.__version__,
                        "machine": platform.machine(), "threads": args.threads},
    }
    (args.out / "lesion_prior.json").write_text(json.dumps(record, indent=1) + "\n")
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
