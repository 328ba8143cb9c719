#!/usr/bin/env python3
"""Run scikit-image's own test files against fewseg, with only their imports changed.

    scripts/skimage_tests.py [--source PATH] [--only NAME] [pytest arguments...]

`--source` is a scikit-image checkout, an extracted sdist or an sdist ``.tar.gz``. Without
it, the sdist of the installed scikit-image version is fetched with ``pip download`` once
and cached under ``~/.cache/fewseg/``. scikit-image's files are never copied into this
repository: each listed test file is copied to a temporary folder, the rewrites in `TESTS`
are applied (each must match, or the run fails, so that a new scikit-image version cannot
silently test scikit-image against itself), and pytest runs the copies. A conftest written
next to them checks, before any test runs, that every name the rewrites import is
fewseg's. The exit code is pytest's.
"""

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from importlib import metadata
from pathlib import Path

# One entry per scikit-image test file (path under scikit-image's tests/skimage/): the
# rewrites that turn its imports of the functions under test into fewseg's, as
# (regular expression matched against whole lines, replacement line).
TESTS = {
    "segmentation/test_watershed.py": [
        (r"from skimage\.segmentation\._watershed import watershed", "from fewseg import watershed"),
    ],
    "measure/test_find_contours.py": [
        (r"from skimage\.measure import find_contours", "from fewseg import find_contours"),
    ],
    # regionprops and regionprops_table end a block of private names still taken from
    # scikit-image (its property tables, _props_to_dict, the perimeter functions, ...).
    "measure/test_regionprops.py": [
        (r"    regionprops,\n    regionprops_table,\n\)", ")\nfrom fewseg import regionprops, regionprops_table"),
    ],
}

CACHE = Path.home() / ".cache" / "fewseg"

# scikit-image's own pytest settings that decide outcomes (pyproject.toml, 0.26): warnings
# are errors and an xfail that passes is a failure.
PYTEST_INI = """\
[pytest]
addopts = -ra --strict-markers -p no:cacheprovider
xfail_strict = true
filterwarnings =
    error
"""

# Runs before any test: a rewritten import that still resolves to scikit-image (or
# anything but fewseg) would make the run meaningless.
CONFTEST = """\
import json

import pytest

_UNDER_TEST = json.loads({under_test!r})


def pytest_collection_finish(session):
    seen = set()
    for item in session.items:
        module = item.module
        names = _UNDER_TEST.get(module.__name__, [])
        for name in names:
            where = getattr(getattr(module, name), "__module__", "")
            if not where.startswith("fewseg"):
                raise pytest.UsageError(
                    f"{{module.__name__}}.{{name}} comes from {{where!r}}, not fewseg"
                )
        seen.add(module.__name__)
    missing = set(_UNDER_TEST) - seen
    if missing and not session.config.option.keyword and not session.config.option.markexpr:
        raise pytest.UsageError(f"no tests collected from {{sorted(missing)}}")
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="scikit-image checkout, extracted sdist or sdist .tar.gz")
    parser.add_argument("--only", choices=sorted(TESTS), help="run one entry of TESTS")
    args, pytest_args = parser.parse_known_args(argv)

    root = skimage_source(args.source)
    names = [args.only] if args.only else list(TESTS)
    with tempfile.TemporaryDirectory(prefix="fewseg-skimage-tests-") as work:
        work = Path(work)
        under_test = {}
        for name in names:
            module = Path(name).stem  # the file names of TESTS are unique
            text = test_file(root, name).read_text(encoding="utf-8")
            patched, imported = rewrite(text, TESTS[name], name)
            (work / f"{module}.py").write_text(patched, encoding="utf-8")
            under_test[module] = imported
        (work / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
        (work / "conftest.py").write_text(CONFTEST.format(under_test=json.dumps(under_test)), encoding="utf-8")
        print(f"scikit-image tests from {root}: {', '.join(names)}", flush=True)
        command = [sys.executable, "-m", "pytest", "--rootdir", str(work), "-c", str(work / "pytest.ini"),
                   str(work), *pytest_args]
        return subprocess.call(command, cwd=work)


def rewrite(text, rewrites, name):
    """`text` with every rewrite applied (each must match at least one whole line), and
    the names the replacement lines import."""
    imported = []
    for pattern, replacement in rewrites:
        text, count = re.subn(rf"^{pattern}$", replacement, text, flags=re.MULTILINE)
        if count == 0:
            sys.exit(f"skimage_tests: {name}: no line matches {pattern!r}; update TESTS for this scikit-image")
        # A replacement may close the block it cuts short: its last line is the import.
        match = re.fullmatch(r"from \S+ import (.+)", replacement.strip().splitlines()[-1])
        if match is None:
            sys.exit(f"skimage_tests: {name}: replacement {replacement!r} does not end in a 'from ... import' line")
        imported += [part.split(" as ")[-1].strip() for part in match.group(1).strip("()").split(",")]
    return text, imported


def test_file(root, name):
    """The test file `name` (e.g. "segmentation/test_watershed.py") in a scikit-image tree:
    tests/skimage/ since 0.26, inside the package before."""
    folder, file = name.split("/")
    for candidate in (
        root / "tests" / "skimage" / name,
        root / "src" / "skimage" / folder / "tests" / file,
        root / "skimage" / folder / "tests" / file,
    ):
        if candidate.is_file():
            return candidate
    sys.exit(f"skimage_tests: {name} is not in {root} (not a scikit-image source tree with its tests?)")


def skimage_source(source):
    """A folder holding scikit-image's source tree, from `source` or the installed
    version's sdist."""
    if source is not None:
        if source.is_dir():
            return source
        if source.is_file() and source.name.endswith((".tar.gz", ".tgz")):
            return extracted(source, CACHE / "skimage-source")
        sys.exit(f"skimage_tests: --source {source}: expected a folder or an sdist .tar.gz")
    version = metadata.version("scikit-image")
    cached = CACHE / "skimage-source" / f"scikit_image-{version}"
    if not (cached / "tests").is_dir():
        sdist = downloaded_sdist(version)
        cached = extracted(sdist, CACHE / "skimage-source")
    if not (cached / "tests" / "skimage").is_dir():
        sys.exit(
            f"skimage_tests: the scikit-image {version} sdist has no tests/skimage folder and its GitHub "
            "source archive is out of reach here; pass --source with a checkout of tag v" + version
        )
    return cached


def downloaded_sdist(version):
    """The scikit-image `version` sdist, fetched once into the cache."""
    folder = CACHE / "sdists"
    target = folder / f"scikit_image-{version}.tar.gz"
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    print(f"skimage_tests: downloading the scikit-image {version} sdist into {folder}", flush=True)
    try:
        fetch_from_index(target)
    except (OSError, ValueError, KeyError) as exc:
        print(f"skimage_tests: the package index's JSON API failed ({exc}); asking pip", flush=True)
        # pip prepares the sdist's metadata, which means installing its build backend and
        # running meson: minutes, where the index's own file list takes seconds.
        # --no-binary for scikit-image only: with :all: pip would also build CMake and the
        # other build dependencies from source.
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", "scikit-image",
             f"scikit-image=={version}", "--dest", str(folder)],
            check=True,
        )
    if not target.is_file():
        sys.exit(f"skimage_tests: no {target.name} in {folder} after the download")
    return target


def fetch_from_index(target, index="https://pypi.org/simple/scikit-image/"):
    """Download `target.name` as listed by the index's JSON file list (PEP 691), checking
    the SHA-256 the index gives for it."""
    request = urllib.request.Request(index, headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    entry = next((f for f in files if f["filename"] == target.name), None)
    if entry is None:
        raise ValueError(f"{target.name} is not listed by {index}")
    partial = target.with_suffix(".part")
    with urllib.request.urlopen(entry["url"], timeout=300) as response, open(partial, "wb") as out:
        shutil.copyfileobj(response, out)
    digest = hashlib.sha256(partial.read_bytes()).hexdigest()
    if digest != entry["hashes"]["sha256"]:
        partial.unlink()
        raise ValueError(f"{target.name}: SHA-256 {digest} is not the index's {entry['hashes']['sha256']}")
    partial.replace(target)


def extracted(sdist, into):
    """The top folder of `sdist` extracted under `into` (once; reused afterwards)."""
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        target = into / top
        if not (target / "tests").is_dir():
            into.mkdir(parents=True, exist_ok=True)
            partial = Path(tempfile.mkdtemp(dir=into, prefix=".partial-"))
            archive.extractall(partial, filter="data")
            shutil.rmtree(target, ignore_errors=True)
            (partial / top).rename(target)
            shutil.rmtree(partial, ignore_errors=True)
    return target


if __name__ == "__main__":
    sys.exit(main())
