"""The floor under the float64 watershed targets, next to scikit-image's time in the same run.

    python bench/flood_floor.py [--repeats N]

Compiles flood_floor.cpp (with $CXX, else c++), gives it the two float64 cases of
bench_watershed.py (the PH2 Sobel gradient with 500 points, the 3000x2300 tiling with 8000)
and prints, in milliseconds, best of N: scikit-image's watershed and fewseg's, the time
that 10x allows, and the program's figures (see its header). An exact flood pays at least
visit-flood (its memory traffic, with the order known for free) plus sort-rising (ordering
the pixels it queues above the level it pops), plus reading the image and writing the
labels.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from skimage import segmentation

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

import fewseg  # noqa: E402
from bench_watershed import gray_and_sobel, point_markers, tile_3000x2300  # noqa: E402
from ph2data import PH2_DIR  # noqa: E402


def best_ms(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return 1e3 * min(times)


def compile_floor(folder):
    program = folder / "flood_floor"
    compiler = os.environ.get("CXX", "c++")
    include = HERE.parent / "cpp" / "include"
    command = [compiler, "-O3", "-std=c++17", f"-I{include}", str(HERE / "flood_floor.cpp"), "-o", str(program)]
    subprocess.run(command, check=True)
    return program


def floor_figures(program, folder, gradient, markers, repeats):
    values, labels = folder / "values.f64", folder / "markers.i32"
    np.ascontiguousarray(gradient, np.float64).tofile(values)
    np.ascontiguousarray(markers, np.int32).tofile(labels)
    rows, columns = gradient.shape
    command = [str(program), str(values), str(labels), str(rows), str(columns), str(repeats)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return {name: float(ms) for name, ms in (line.split() for line in output.splitlines())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="best of this many runs (default 5)")
    args = parser.parse_args()
    if not PH2_DIR.is_dir():
        sys.exit(f"PH2 images not found at {PH2_DIR} (set FEWSEG_PH2 to their folder)")
    _, gradient = gray_and_sobel(PH2_DIR / "IMD002.png")
    cases = [
        ("PH2 572x765, 500 points", gradient, point_markers(gradient.shape, 500, 0)),
        ("3000x2300, 8000 points", tile_3000x2300(gradient), point_markers((3000, 2300), 8000, 1)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        program = compile_floor(folder)
        for name, image, markers in cases:
            reference = best_ms(lambda: segmentation.watershed(image, markers), args.repeats)
            ours = best_ms(lambda: fewseg.watershed(image, markers, tie_break="raster"), args.repeats)
            figures = floor_figures(program, folder, image, markers, args.repeats)
            print(f"{name}: skimage {reference:.1f}, 10x budget {reference / 10:.1f}, fewseg raster {ours:.1f}")
            print("    " + ", ".join(f"{key} {ms:.1f}" for key, ms in figures.items()))


if __name__ == "__main__":
    main()
