"""`fewseg demo`: the whole pipeline on built-in synthetic images, nothing downloaded.

Draws dermoscopy-like images (fewseg.data.synthetic_lesions), writes them as PNG files,
segments and measures them with the batch pipeline, trains the self-training classifier
with a few labels and reports segmentation Dice and classification accuracy.
"""

import tempfile
from pathlib import Path

import numpy as np


def add_parser(sub):
    parser = sub.add_parser("demo", help="run the whole pipeline on synthetic images",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("--n", type=int, default=60, help="number of synthetic images (default 60)")
    parser.add_argument("--labelled", type=float, default=0.2, help="fraction given labels (default 0.2)")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.add_argument("--out", help="keep the images, masks and tables in this folder")
    parser.add_argument("--jobs", type=int, default=-1, help="threads (default: one per CPU)")
    parser.set_defaults(run=run)


def run(args):
    if args.n < 4:
        raise ValueError("--n: at least 4 images")
    if not 0 < args.labelled < 1:
        raise ValueError("--labelled: a fraction between 0 and 1")
    if args.out:
        return _run(args, Path(args.out))
    with tempfile.TemporaryDirectory(prefix="fewseg-demo-") as folder:
        return _run(args, Path(folder))


def _run(args, folder):
    from sklearn.metrics import accuracy_score, balanced_accuracy_score

    from .._atomic import save_png
    from ..batch import process
    from ..data import synthetic_lesions
    from ..learn import SelfTrainingClassifier
    from ..metrics import dice
    from ._files import write_table
    from ._labels import feature_matrix

    data = synthetic_lesions(args.n, seed=args.seed, melanoma_fraction=0.35)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, image in enumerate(data.images):
        paths.append(str(folder / f"synthetic_{k:04d}.png"))
        save_png(paths[-1], image)
    print(f"1. {args.n} synthetic images written to {folder}")

    table = process(paths, n_jobs=args.jobs, output_dir=folder / "masks", save_masks=True)
    write_table(table, folder / "features.csv")
    ok = (table["status"] == "ok").to_numpy()
    from ..data import read_image

    scores = [dice(read_image(folder / "masks" / f"{Path(p).stem}_mask.png") > 0, m)
              for p, m, good in zip(paths, data.masks, ok) if good]
    print(f"2. segmented and measured {ok.sum()} of {len(paths)} images: mean Dice {np.mean(scores):.3f} "
          f"against the true masks")

    X, names, kept = feature_matrix(table)
    truth = data.labels[ok]
    rng = np.random.default_rng(args.seed)
    labelled = np.zeros(len(truth), bool)
    for c in (0, 1):  # a few labels of each class
        members = np.flatnonzero(truth == c)
        if len(members):
            take = max(1, int(round(args.labelled * len(members))))
            labelled[rng.choice(members, min(take, len(members)), replace=False)] = True
    y = np.where(labelled, truth, -1)
    model = SelfTrainingClassifier(random_state=args.seed).fit(X, y)
    predicted = model.predict(X[~labelled])
    print(f"3. trained on {labelled.sum()} labelled and {(~labelled).sum()} unlabelled images "
          f"({len(names)} features)")
    print(f"4. on the unlabelled images: accuracy {accuracy_score(truth[~labelled], predicted):.3f}, "
          f"balanced accuracy {balanced_accuracy_score(truth[~labelled], predicted):.3f} "
          f"(melanoma-like: {int(truth[~labelled].sum())} of {(~labelled).sum()})")
    return 0
