"""`fewseg predict model.joblib features.csv [-o predictions.csv]`: classify measured images."""

import sys

import pandas as pd

from ._files import read_table, write_table
from ._labels import ok_rows
from .train import load_model


def add_parser(sub):
    parser = sub.add_parser("predict", help="classify the images of a features table",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("model", help="file written by `fewseg train`")
    parser.add_argument("features", help="table written by `fewseg features`")
    parser.add_argument("-o", "--output", help="write the predictions here (.csv/.parquet) instead of printing")
    parser.set_defaults(run=run)


def run(args):
    bundle = load_model(args.model)
    table = read_table(args.features)
    missing = [f for f in bundle["features"] if f not in table.columns]
    if missing:
        raise ValueError(f"{args.features}: lacks features the model was trained on, e.g. {missing[:3]}")
    ok = ok_rows(table)
    X, paths = ok[bundle["features"]].to_numpy(dtype=float), ok["path"].astype(str).tolist()
    model, classes = bundle["model"], bundle["classes"]
    probabilities = model.predict_proba(X)
    predicted = [classes[int(model.classes_[k])] for k in probabilities.argmax(axis=1)]
    out = pd.DataFrame({"path": paths, "prediction": predicted})
    for k, c in enumerate(model.classes_):
        out[f"probability_{classes[int(c)]}"] = probabilities[:, k]
    if args.output:
        write_table(out, args.output)
        print(f"{len(out)} predictions written to {args.output}")
    else:
        out.to_csv(sys.stdout, index=False)
    return 0
