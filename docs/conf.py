"""Sphinx configuration of fewseg's documentation site.

Built from the installed package (``pip install ".[docs]"``), so the API pages document the
compiled fewseg._core that users get; warnings are errors (``sphinx-build -W``).
"""

import fewseg

project = "fewseg"
author = "the fewseg developers"
copyright = "2026, the fewseg developers"
version = release = fewseg.__version__

extensions = [
    "myst_parser",  # the Markdown pages (README-style figures, model card, tutorials)
    "numpydoc",  # the docstrings are numpydoc
    "sphinx.ext.autodoc",
    "sphinx.ext.intersphinx",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

# Single backticks in docstrings name Python objects (numpydoc's convention).
default_role = "py:obj"
autodoc_typehints = "none"  # numpydoc's parameter lists already give the types
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_validation_checks = set()

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# No network while building (CI has none): intersphinx links resolve only from local
# inventories, of which there are none; references to numpy and friends stay plain text.
intersphinx_mapping = {}

html_theme = "alabaster"
html_static_path = []
html_title = f"fewseg {release}"


def _skip_metadata_routing(app, what, name, obj, skip, options):
    # scikit-learn adds set_fit_request & co. to every estimator class; they are its API,
    # documented there, not fewseg's.
    if name.startswith("set_") and name.endswith("_request"):
        return True
    return None


def setup(app):
    app.connect("autodoc-skip-member", _skip_metadata_routing)
