"""python/fewseg/_core.pyi, the type stub of the compiled module, is what pybind11-stubgen
makes of the installed fewseg._core: a binding changed without regenerating it fails here.

Regenerate with:  pybind11-stubgen fewseg._core -o python
"""

import subprocess
import sys
from pathlib import Path

import pytest

STUB = Path(__file__).resolve().parents[1] / "python" / "fewseg" / "_core.pyi"


def test_core_stub_is_up_to_date(tmp_path):
    pytest.importorskip("pybind11_stubgen")
    subprocess.run(
        [sys.executable, "-m", "pybind11_stubgen", "fewseg._core", "-o", str(tmp_path)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    generated = (tmp_path / "fewseg" / "_core.pyi").read_text()
    assert generated == STUB.read_text(), (
        "python/fewseg/_core.pyi is stale: regenerate it with "
        "`pybind11-stubgen fewseg._core -o python` after installing the new build"
    )


def test_stub_ships_in_the_wheel():
    import fewseg

    installed = Path(fewseg.__file__).parent
    assert (installed / "_core.pyi").read_text() == STUB.read_text()
    assert (installed / "py.typed").is_file()
