"""Export the learned lesion descriptors' backbone and fit their projection.

    python -m fewseg.training.lesion_descriptors --isic ../shared/data/isic2017 \\
        --out python/fewseg/lesion/backbone [--components 32] [--backbone FILE] [--limit N]

1. Exports EfficientNet-Lite0's ImageNet trunk to ``efficientnet_lite0.onnx`` in `--out`
   (`fewseg.training.backbone_export`; needs the ``[train]`` extra), or, with
   `--backbone`, uses an exported file as it is.
2. Runs it through ONNX Runtime, as fewseg does when it classifies, over every image of the
   ISIC 2017 ``train`` part with its expert mask, pooling over the lesion and the skin
   (`fewseg.lesion.backbone.descriptors`).
3. Standardises the pooled values and fits their principal axes.

No diagnosis is read: the projection is unsupervised, so the few-label figures that use it
see no label beyond those they are given, and the ``tune`` and ``validation`` parts are not
read at all. Writes ``lesion_descriptors.npz`` (mean, scale, components) and
``lesion_descriptors.json`` (data, backbone source, settings, time, explained variance,
the export's deviation from PyTorch and the descriptors of a fixed synthetic lesion, which
the tests check).

32 components, chosen by 5-fold cross-validation on the ISIC train and tune parts (never
the validation part) with 10 % of the labels, beside the hand-made features: 64 did worse,
128 and more clearly worse (too many directions for some 30 labelled melanomas). The
views, outputs and poolings were chosen the same way (the model card in the docs has the
table).
"""

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.decomposition import PCA

from .._atomic import atomic_path
from .._images import rgb_image
from ..data import isic2017_names, isic2017_split, load_isic2017
from ..lesion._region import largest_filled_region
from ..lesion.backbone.descriptors import DescriptorProjection, pooled_backbone_features
from ..lesion.backbone.preprocess import dihedral_views, network_view
from ..lesion.backbone.runtime import MODEL_FILE, LesionBackbone
from ..lesion.prior.check import check_lesion


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.training.lesion_descriptors", description=__doc__.split("\n\n")[0])
    parser.add_argument("--isic", type=Path, required=True, help="ISIC 2017 folder (ISIC_nnnnnnn.jpg, _lesion.png, metadata.csv)")
    parser.add_argument("--out", type=Path, required=True,
                        help=f"folder for {MODEL_FILE.name}, lesion_descriptors.npz and .json")
    parser.add_argument("--components", type=int, default=32, help="principal axes kept (default 32)")
    parser.add_argument("--backbone", type=Path, help="an exported backbone .onnx to use instead of exporting one (no PyTorch needed)")
    parser.add_argument("--limit", type=int, help="only the first N training images (a smoke run)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the randomised parts of the PCA solver")
    args = parser.parse_args(argv)
    if args.components < 1:
        parser.error(f"--components: expected at least 1, got {args.components}")
    if args.limit is not None and args.limit < 2:
        parser.error(f"--limit: expected at least 2 images, got {args.limit}")
    if args.backbone is not None and not args.backbone.is_file():
        parser.error(f"--backbone: {args.backbone} is not a file")
    return args


def fit_projection(pooled, n_components, seed):
    """Mean, scale and the first `n_components` principal axes of standardised `pooled` rows."""
    mean = pooled.mean(axis=0)
    scale = pooled.std(axis=0)
    scale[scale < 1e-12] = 1.0  # a constant channel (a dead unit) carries nothing
    n_components = min(n_components, *pooled.shape)
    pca = PCA(n_components, svd_solver="full", random_state=seed).fit((pooled - mean) / scale)
    return mean, scale, pca.components_, pca.explained_variance_ratio_


def check_descriptors(projection, backbone):
    """The descriptors of the synthetic check lesion (`check_lesion`), rounded for the record."""
    image, mask = check_lesion()
    pooled = pooled_backbone_features(*rgb_image(image), largest_filled_region(mask), backbone)
    return projection.project(pooled).round(6).tolist()


def exported_backbone(out):
    """Exports the pre-trained trunk into `out`: (its `LesionBackbone`, source record)."""
    from .backbone_export import export_trunk, largest_deviation, pretrained_trunk

    trunk, source = pretrained_trunk()
    path = out / MODEL_FILE.name
    with atomic_path(path) as partial:
        export_trunk(trunk, partial)
    backbone = LesionBackbone(path)
    image, mask = check_lesion()
    views = dihedral_views(network_view(*rgb_image(image), largest_filled_region(mask))[0])
    source["largest_relative_deviation"] = [round(d, 5) for d in largest_deviation(trunk, backbone, views)]
    return backbone, source


def main(argv=None):
    args = parse_arguments(argv)
    started = time.time()
    names = isic2017_split(isic2017_names(args.isic))["train"]
    if args.limit is not None:
        names = names[: args.limit]
    if len(names) < 2:
        print(f"--isic: {args.isic} has {len(names)} image(s) in its train part; need at least 2", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    if args.backbone is None:
        backbone, source = exported_backbone(args.out)
        print(f"exported {backbone.path} (deviation from PyTorch {source['largest_relative_deviation']})", flush=True)
    else:
        backbone, source = LesionBackbone(args.backbone), {"exported_file": str(args.backbone)}
    data = load_isic2017(args.isic, names)
    pooled = []
    for number, (image, mask) in enumerate(zip(data.images, data.masks), 1):
        rgb, factor = rgb_image(image, f"images[{number - 1}]")
        pooled.append(pooled_backbone_features(rgb, factor, largest_filled_region(mask), backbone))
        if number % 100 == 0 or number == len(names):
            print(f"pooled {number}/{len(names)} images ({time.time() - started:.0f} s)", flush=True)
    mean, scale, components, explained = fit_projection(np.array(pooled), args.components, args.seed)

    npz_path = args.out / "lesion_descriptors.npz"
    with atomic_path(npz_path) as partial:
        with open(partial, "wb") as file:
            np.savez(file, mean=mean, scale=scale, components=components)
    record = {
        "model": "lesion_descriptors",
        "backbone": source,
        "data": {"isic2017": {"folder": str(args.isic), "part": "train", "images": len(names),
                              "labels_read": "none (expert masks only)"}},
        "settings": {"components": int(len(components)), "pooled_features": int(mean.size), "seed": args.seed,
                     "limit": args.limit},
        "explained_variance": round(float(explained.sum()), 4),
        "seconds": round(time.time() - started, 1),
        "platform": platform.platform(),
        "check_descriptors": check_descriptors(DescriptorProjection(npz_path), backbone),
    }
    with atomic_path(args.out / "lesion_descriptors.json") as partial:
        Path(partial).write_text(json.dumps(record, indent=1) + "\n")
    print(f"{len(components)} components explain {explained.sum():.3f} of the variance; "
          f"written to {npz_path} in {time.time() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
