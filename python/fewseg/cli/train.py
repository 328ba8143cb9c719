"""`fewseg train features.csv --labels labels.csv -o model.joblib`: few labels, the rest unlabelled.

Every image of the features table without a label in labels.csv is used as unlabelled
data by fewseg's self-training classifier.
"""

from ._files import read_table
from ._labels import UNLABELLED, feature_matrix, read_labels


def add_parser(sub):
    parser = sub.add_parser("train", help="train the self-training classifier from a few labels",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("features", help="table written by `fewseg features`")
    parser.add_argument("--labels", required=True, help="CSV: path (or name) and label columns")
    parser.add_argument("-o", "--output", required=True, help="model file (.joblib)")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    parser.set_defaults(run=run)


def run(args):
    import joblib

    from .._atomic import atomic_path
    from ..learn import SelfTrainingClassifier

    X, names, paths = feature_matrix(read_table(args.features))
    y, classes = read_labels(args.labels, paths)
    model = SelfTrainingClassifier(random_state=args.seed).fit(X, y)
    bundle = {"model": model, "features": names, "classes": classes}
    with atomic_path(args.output) as temporary:
        joblib.dump(bundle, temporary)
    labelled = int((y != UNLABELLED).sum())
    counts = ", ".join(f"{c}: {int((y == i).sum())}" for i, c in enumerate(classes))
    print(f"trained on {labelled} labelled ({counts}) and {len(y) - labelled} unlabelled images; "
          f"model written to {args.output}")
    return 0


def load_model(path):
    import joblib

    bundle = joblib.load(path)
    if not isinstance(bundle, dict) or not {"model", "features", "classes"} <= set(bundle):
        raise ValueError(f"{path}: not a model written by `fewseg train`")
    return bundle

