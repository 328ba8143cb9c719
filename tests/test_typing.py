"""A type checker run over a small user script finds the real types of the public API.

mypy, not pyright: pyright's Python package downloads Node.js on first use, and CI has no
network beyond the package index. The script is only type-checked, never run.
"""

import re
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(
    """
    import numpy as np

    import fewseg
    import fewseg.batch
    from fewseg.data import load_ph2, synthetic_lesions
    from fewseg.filters import gaussian_filter
    from fewseg.metrics import dice
    from fewseg.morphology import binary_fill_holes, distance_transform_edt, erosion
    from fewseg.transform import resize_area

    data = synthetic_lesions(4, seed=0)
    mask = fewseg.segment_lesion(data.images[0], method="colour")
    X, names = fewseg.extract_features(data.images, data.masks)
    segmenter = fewseg.LesionSegmenter().fit(data.images[:2], data.masks[:2])
    classifier = fewseg.SelfTrainingClassifier(random_state=0).fit(X, np.array([0, 1, -1, -1]))

    reveal_type(fewseg.__version__)
    reveal_type(data)
    reveal_type(data.images)
    reveal_type(mask)
    reveal_type(dice(mask, data.masks[0]))
    reveal_type(fewseg.lesion_features(data.images[0], mask))
    reveal_type(X)
    reveal_type(names)
    reveal_type(segmenter)
    reveal_type(segmenter.predict(data.images))
    reveal_type(classifier)
    reveal_type(classifier.predict_proba(X))
    reveal_type(erosion(data.images[0][..., 0]))
    reveal_type(binary_fill_holes(mask))
    reveal_type(distance_transform_edt(mask))
    reveal_type(gaussian_filter(np.zeros((4, 4)), 1.0))
    reveal_type(resize_area(data.images[0], (32, 32)))
    reveal_type(load_ph2("ph2").diagnoses)
    reveal_type(fewseg.batch.analyse_file("a.png"))
    reveal_type(fewseg.evaluate)
    """
)

# What each reveal_type above must show, in order, with "builtins." dropped (mypy releases
# differ in that). numpy's shape parameter and dtype spelling vary between numpy releases,
# so arrays are matched on their dtype.
ARRAY = r"numpy\.ndarray\[.*numpy\.dtype\[{}\]\]"
UINT8 = ARRAY.format(r"numpy\.(uint8|unsignedinteger\[numpy\._typing\._nbit_base\._8Bit\])")
BOOL = ARRAY.format(r"numpy\.bool_?(\[bool\])?")
FLOAT32 = ARRAY.format(r"numpy\.(float32|floating\[numpy\._typing\._nbit_base\._32Bit\])")
FLOAT64 = ARRAY.format(r"numpy\.(float64|floating\[numpy\._typing\._nbit_base\._64Bit\])")
EXPECTED = [
    r"str",
    r"(tuple\[.*fallback=)?fewseg\.data\.synthetic\.SyntheticLesions\]?",
    UINT8,
    BOOL,
    r"float",
    r"dict\[str, float\]",
    FLOAT64,
    r"list\[str\]",
    r"fewseg\.lesion\.segmentation\.segmenter\.LesionSegmenter",
    rf"list\[{BOOL}\]",
    r"fewseg\.learn\.self_training\.SelfTrainingClassifier",
    FLOAT64,
    r"numpy\.ndarray\[.*\]",
    BOOL,
    FLOAT64,
    r"numpy\.ndarray\[.*\]",
    rf"(Union\[)?{FLOAT32}(, | \| ){FLOAT64}\]?",
    r"list\[str\]",
    r"dict\[str, Any\]",
    r"types\.ModuleType|Module 'fewseg\.evaluate'|fewseg\.evaluate",
]


def test_revealed_types_are_the_real_ones(tmp_path):
    pytest.importorskip("mypy")
    script = tmp_path / "user_script.py"
    script.write_text(SCRIPT)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--hide-error-context", "--no-color-output",
         "--cache-dir", str(tmp_path / "cache"), "--python-version", f"{sys.version_info[0]}.{sys.version_info[1]}",
         str(script)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    lines = result.stdout.splitlines()
    errors = [line for line in lines if ": error:" in line]
    assert not errors, "\n".join(errors)
    revealed = [re.search(r'Revealed type is "(.*)"', line).group(1).replace("builtins.", "")
                for line in lines if "Revealed type" in line]
    assert len(revealed) == len(EXPECTED), result.stdout + result.stderr
    wrong = [(want, got) for want, got in zip(EXPECTED, revealed) if not re.fullmatch(want, got)]
    assert not wrong, "\n".join(f"expected {want}\n     got {got}" for want, got in wrong)
