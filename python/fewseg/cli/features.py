"""`fewseg features IN... -o features.csv`: segment and measure images into a table."""

from . import _run_batch
from ._files import required_image_paths


def add_parser(sub):
    parser = sub.add_parser("features", help="segment and measure images into a CSV/Parquet table",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("inputs", nargs="+", metavar="IN", help="image files or folders of images")
    parser.add_argument("-o", "--output", required=True, help="output table: .csv or .parquet")
    parser.add_argument("--jobs", type=int, default=-1, help="threads (default: one per CPU)")
    parser.add_argument("--resume", action="store_true", help="skip images already in the output")
    parser.add_argument("--method", choices=("prior", "colour"), default="prior",
                        help="segment_lesion's method: the learned lesion prior (default) or the colour model")
    parser.add_argument("--masks", metavar="DIR", help="also save each lesion mask here")
    parser.add_argument("--learned", action="store_true",
                        help="also the 32 learned descriptors (an ImageNet network; about 0.2 s more per image)")
    parser.add_argument("--progress", action="store_true", default=None, help="force a progress bar")
    parser.set_defaults(run=run)


def run(args):
    paths = required_image_paths(args.inputs)
    table = _run_batch.run(paths, args.output, n_jobs=args.jobs, resume=args.resume, progress=args.progress,
                           output_dir=args.masks, save_masks=args.masks is not None,
                           segment_options={"method": args.method}, learned=args.learned)
    return _run_batch.finish(table, f"features of {len(table)} images written to {args.output}")
