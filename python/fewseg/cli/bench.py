"""`fewseg bench`: a quick speed check of fewseg against scikit-image on this machine.

Times fewseg and the scikit-image function it replaces on the same synthetic inputs and
prints the speed-ups. The full benchmarks are in the repository: pytest bench --benchmark-only.
"""

import time

import numpy as np


def add_parser(sub):
    parser = sub.add_parser("bench", help="quick speed check against scikit-image",
                            description=__doc__.split(":", 1)[1].strip())
    parser.add_argument("--size", type=int, default=1024, help="image side in pixels (default 1024)")
    parser.add_argument("--repeats", type=int, default=3, help="best of this many runs (default 3)")
    parser.set_defaults(run=run)


def best_time(function, repeats):
    best = np.inf
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def cases(size):
    """(name, fewseg call, scikit-image call) on seeded synthetic inputs."""
    from scipy import ndimage as ndi

    from .. import watershed

    rng = np.random.default_rng(0)
    gradient = np.abs(ndi.gaussian_gradient_magnitude(rng.random((size, size)), 2))
    points = np.zeros(gradient.shape, np.int32)
    points.flat[rng.choice(gradient.size, 500, replace=False)] = np.arange(1, 501)
    gradient8 = np.round(gradient / gradient.max() * 255).astype(np.uint8)
    regions = np.zeros(gradient.shape, np.int32)
    regions[: size // 8] = 1
    regions[-size // 8:] = 2
    from skimage.segmentation import watershed as sk_watershed

    yield ("watershed float64, 500 points", lambda: watershed(gradient, points),
           lambda: sk_watershed(gradient, points))
    yield ("watershed float64, 500 points, raster", lambda: watershed(gradient, points, tie_break="raster"),
           lambda: sk_watershed(gradient, points))
    yield ("watershed uint8, two regions", lambda: watershed(gradient8, regions),
           lambda: sk_watershed(gradient8, regions))
    yield ("watershed uint8, two regions, raster", lambda: watershed(gradient8, regions, tie_break="raster"),
           lambda: sk_watershed(gradient8, regions))


def run(args):
    try:
        import skimage  # noqa: F401
    except ImportError as exc:
        raise ImportError("fewseg bench compares with scikit-image: pip install scikit-image") from exc
    print(f"{'case':45s} {'fewseg':>10s} {'skimage':>10s} {'speed-up':>9s}")
    for name, ours, theirs in cases(args.size):
        a, b = best_time(ours, args.repeats), best_time(theirs, args.repeats)
        print(f"{name:45s} {a * 1e3:8.1f}ms {b * 1e3:8.1f}ms {b / a:8.1f}x")
    return 0
