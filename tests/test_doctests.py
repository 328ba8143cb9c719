"""The docstring examples of the public API run as doctests, on the installed fewseg.

They run from the installed package (so the compiled `fewseg._core` is the one users get),
one test per module that defines public names; another test checks that every public
function and class has an example at all.
"""

import doctest
import importlib
import inspect
import warnings

import numpy as np
import pytest

# The public modules (the API reference documents the same ones).
PUBLIC_MODULES = (
    "fewseg",
    "fewseg.segmentation",
    "fewseg.measure",
    "fewseg.morphology",
    "fewseg.filters",
    "fewseg.transform",
    "fewseg.lesion",
    "fewseg.learn",
    "fewseg.evaluate",
    "fewseg.metrics",
    "fewseg.batch",
    "fewseg.distributed",
    "fewseg.data",
)

# Records the loaders return (NamedTuples): the loaders' examples show them.
RECORDS = {"fewseg.data.PH2", "fewseg.data.ISIC2017", "fewseg.data.SyntheticLesions"}

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def public_objects():
    """(qualified name, object) of every function and class in a public `__all__`."""
    seen = {}
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) or inspect.isclass(value):
                seen.setdefault(f"{value.__module__}.{value.__qualname__}", (f"{module_name}.{name}", value))
    return sorted(seen.values(), key=lambda item: item[0])


def _resolve(dotted):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def exempt_ids():
    return {id(_resolve(name)) for name in RECORDS}


def defining_modules():
    """The modules that define the public objects with examples: their docstrings hold them."""
    exempt = exempt_ids()
    return sorted({value.__module__ for _, value in public_objects() if id(value) not in exempt})


def _example_count(value):
    tests = doctest.DocTestFinder(exclude_empty=True).find(value, value.__name__)
    return sum(len(test.examples) for test in tests)


@pytest.mark.parametrize("module_name", defining_modules())
def test_docstring_examples_pass(module_name):
    module = importlib.import_module(module_name)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = []
    # Warnings are errors, as in the rest of the suite; numpy prints scalars as
    # np.float64(...) from 2.0 on, and the examples use the plain form.
    with np.printoptions(legacy="1.25"), warnings.catch_warnings():
        warnings.simplefilter("error")
        for test in doctest.DocTestFinder(exclude_empty=True).find(module, module_name):
            runner.run(test, out=report.append)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, "".join(report)
    assert results.attempted > 0


def test_every_public_name_has_an_example():
    exempt = exempt_ids()
    missing = [name for name, value in public_objects() if id(value) not in exempt and _example_count(value) == 0]
    assert not missing, f"public names without a docstring example: {missing}"


def test_exempt_names_are_still_public():
    # The exemptions above must not outlive the names they exempt.
    public = {id(value) for _, value in public_objects()}
    assert exempt_ids() <= public
