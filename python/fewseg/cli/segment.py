"""`fewseg segment IN... OUT`: lesion masks (and overlays) of images, into a folder."""

from pathlib import Path

from . import _run_batch
from ._files import required_image_paths


def add_parser(sub):
    parser = sub.add_parser("segment", help="write the lesion mask of every image",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("inputs", nargs="+", metavar="IN", help="image files or folders of images")
    parser.add_argument("output", metavar="OUT", help="folder for NAME_mask.png (and NAME_overlay.png)")
    parser.add_argument("--overlays", action="store_true", help="also save the image with the border drawn")
    parser.add_argument("--jobs", type=int, default=-1, help="threads (default: one per CPU)")
    parser.add_argument("--resume", action="store_true", help="skip images already segmented")
    parser.add_argument("--method", choices=("prior", "colour"), default="prior",
                        help="segment_lesion's method: the learned lesion prior (default) or the colour model")
    parser.add_argument("--progress", action="store_true", default=None, help="force a progress bar")
    parser.set_defaults(run=run)


def run(args):
    paths = required_image_paths(args.inputs)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    table = _run_batch.run(paths, out / "segmentation.csv", n_jobs=args.jobs, resume=args.resume,
                           progress=args.progress, output_dir=out, save_masks=True,
                           save_overlays=args.overlays, features=False, segment_options={"method": args.method})
    return _run_batch.finish(table, f"masks in {out}, one row per image in {out / 'segmentation.csv'}")
