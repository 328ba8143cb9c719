"""The package's face: its version, its top-level names, and a quick `import fewseg`."""

import importlib.metadata
import subprocess
import sys

import fewseg


def test_version_is_the_installed_metadata():
    assert fewseg.__version__ == importlib.metadata.version("fewseg")


def test_every_top_level_name_resolves_and_is_listed():
    for name in fewseg.__all__:
        assert getattr(fewseg, name) is not None
    assert set(fewseg.__all__) <= set(dir(fewseg))


def test_unknown_attribute_names_itself():
    try:
        fewseg.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_import_leaves_the_heavy_dependencies_unloaded():
    # scikit-learn, pandas and ONNX Runtime load on first use of the names that need them.
    code = (
        "import sys, fewseg; "
        "print(sorted(m for m in ('sklearn', 'pandas', 'onnxruntime', 'fewseg.lesion', 'fewseg.learn') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
    code = "import sys, fewseg; fewseg.segment_lesion; print('fewseg.lesion' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "True"
