"""`fewseg evaluate`: how good are the classifier (few-label curve) and the segmentation (Dice)."""

import sys
from pathlib import Path

import numpy as np

from ._files import image_paths, read_table, write_table

# The command only reads files and prints: the classifier's scores are fewseg.evaluate's,
# the segmentation's fewseg.metrics'.
from ._labels import UNLABELLED, feature_matrix, read_labels


def add_parser(sub):
    parser = sub.add_parser("evaluate", help="evaluate the classifier or the segmentation",
                            description=__doc__.split(":", 1)[1].strip())
    what = parser.add_subparsers(dest="what", metavar="WHAT", required=True)

    classifier = what.add_parser(
        "classifier", help="few-label curve: labels-only vs scikit-learn vs fewseg self-training",
        description="Repeated stratified splits (30 %% held out); at each labelled fraction the base "
                    "estimator on the labels only, scikit-learn's SelfTrainingClassifier and fewseg's.")
    classifier.add_argument("features", help="table written by `fewseg features`")
    classifier.add_argument("--labels", required=True, help="CSV: path (or name) and label columns")
    classifier.add_argument("--positive", default="melanoma", help="the positive class (default: melanoma)")
    classifier.add_argument("--fractions", default="0.05,0.1,0.2,0.5,1.0", help="labelled fractions")
    classifier.add_argument("--repeats", type=int, default=20, help="repeated splits per fraction")
    classifier.add_argument("-o", "--output", help="also write the table here (.csv)")
    classifier.add_argument("--plot", help="save the curves as an image (needs matplotlib)")
    classifier.set_defaults(run=run_classifier)

    segmentation = what.add_parser(
        "segmentation", help="Dice and Jaccard of segment_lesion (or LesionSegmenter) against expert masks",
        description="Segments every NAME.png of a folder and compares with NAME_lesion.png. With --fit N, "
                    "LesionSegmenter is fitted on N of the masks (a seeded choice) and scored on the other "
                    "images, next to segment_lesion on the same images.")
    segmentation.add_argument("images", help="folder of NAME.png and NAME_lesion.png")
    segmentation.add_argument("--masks", help="folder of the NAME_lesion.png masks (default: the images folder)")
    segmentation.add_argument("--jobs", type=int, default=-1, help="threads (default: one per CPU)")
    segmentation.add_argument("--fit", type=int, metavar="N",
                              help="fit LesionSegmenter on N labelled images, score it on the rest")
    segmentation.add_argument("--seed", type=int, default=0, help="which N images are labelled (default: 0)")
    segmentation.add_argument("--self-train", action="store_true",
                              help="with --fit: give the other images to fit as unlabelled images")
    segmentation.add_argument("--adaptation", choices=("classifier", "network"), default="classifier",
                              help="with --fit: LesionSegmenter's adaptation (network fine-tunes the lesion "
                                   "prior; needs the [train] extra)")
    segmentation.set_defaults(run=run_segmentation)


def run_classifier(args):
    from ..evaluate import few_label_curve

    X, _, paths = feature_matrix(read_table(args.features))
    y, classes = read_labels(args.labels, paths)
    keep = y != UNLABELLED
    if args.positive not in classes:
        raise ValueError(f"--positive: {args.positive!r} is not among the labels {classes}")
    binary = (y[keep] == classes.index(args.positive)).astype(int)
    fractions = tuple(float(f) for f in args.fractions.split(","))
    table = few_label_curve(X[keep], binary, fractions=fractions, n_repeats=args.repeats)
    print(table.to_string())
    if args.output:
        write_table(table.reset_index(), args.output)
    if args.plot:
        from ..evaluate import plot_few_label_curve

        plot_few_label_curve(table, args.plot)
        print(f"plot saved to {args.plot}")
    return 0


def run_segmentation(args):
    from .._workers import ordered_map
    from ..lesion import segment_lesion

    images = image_paths([args.images])
    mask_dir = Path(args.masks or args.images)
    pairs = [(p, mask_dir / f"{Path(p).stem}_lesion.png") for p in images]
    pairs = [(p, m) for p, m in pairs if m.is_file()]
    if not pairs:
        raise FileNotFoundError(f"{args.images}: no NAME.png with a NAME_lesion.png mask")
    methods = [("segment_lesion", segment_lesion)]
    if args.fit is not None:
        model, pairs = _fit_segmenter(pairs, args)
        methods.insert(0, ("LesionSegmenter", lambda image: model.predict([image])[0]))
    for title, segment in methods:
        scores = list(ordered_map(lambda k: _score(*pairs[k], segment), len(pairs), args.jobs))
        if len(methods) > 1:
            print(f"{title}:")
        _print_scores(scores)
    return 0


def _fit_segmenter(pairs, args):
    """LesionSegmenter fitted on `args.fit` of `pairs` (seeded choice); the other pairs."""
    from ..data import read_image
    from ..lesion import LesionSegmenter

    if not 1 <= args.fit < len(pairs):
        raise ValueError(f"--fit: expected 1 to {len(pairs) - 1} labelled images for {len(pairs)} masks, got {args.fit}")
    chosen = set(np.random.default_rng(args.seed).choice(len(pairs), args.fit, replace=False).tolist())
    labelled = [pair for k, pair in enumerate(pairs) if k in chosen]
    rest = [pair for k, pair in enumerate(pairs) if k not in chosen]
    unlabelled = [read_image(p) for p, _ in rest] if args.self_train else None
    model = LesionSegmenter(random_state=args.seed, adaptation=args.adaptation).fit(
        [read_image(p) for p, _ in labelled], [read_image(m) > 0 for _, m in labelled], unlabelled)
    names = ", ".join(Path(p).stem for p, _ in labelled)
    print(f"LesionSegmenter fitted on {args.fit} masks (seed {args.seed}: {names}); scored on the other {len(rest)} images")
    return model, rest


def _print_scores(scores):
    d = np.array([s[1] for s in scores])
    j = np.array([s[2] for s in scores])
    decile = max(1, len(d) // 10)
    print(f"{len(d)} images")
    for name, values in (("Dice", d), ("Jaccard", j)):
        print(f"{name:8s} mean {values.mean():.4f}  median {np.median(values):.4f}  "
              f"worst decile {np.sort(values)[:decile].mean():.4f}  below 0.6: {(values < 0.6).sum()}")
    worst = sorted(scores, key=lambda s: s[1])[:5]
    print("worst: " + ", ".join(f"{n} {v:.3f}" for n, v, _ in worst))


def _score(path, expert, segment):
    """(name, Dice, Jaccard) of `segment` on one image; 0 where it fails."""
    from ..data import read_image
    from ..metrics import dice, jaccard

    truth = read_image(expert) > 0
    try:
        mask = segment(read_image(path))
    except Exception as exc:  # report it, score it 0, go on
        print(f"{path}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return Path(path).stem, 0.0, 0.0
    return Path(path).stem, float(dice(mask, truth)), float(jaccard(mask, truth))
