"""The API reference (docs/api/) has a page for every public module, and the README and the
docs' Markdown pages link only to files that exist."""

import re
from pathlib import Path

from test_doctests import PUBLIC_MODULES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_public_module_has_a_reference_page():
    documented = set()
    for page in (DOCS / "api").glob("*.rst"):
        documented.update(re.findall(r"^\.\. automodule:: (\S+)", page.read_text(), flags=re.M))
    assert set(PUBLIC_MODULES) <= documented


def test_relative_links_point_at_files():
    pages = [DOCS.parent / "README.md", *DOCS.rglob("*.md")]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(DOCS.parent)}: {target}")
    assert not broken, broken


def test_swap_tutorial_runs():
    # Its before/after example asserts that fewseg and scikit-image agree; the other
    # tutorials read data folders and are shown, not run.
    page = DOCS / "tutorials" / "swap_scikit_image.md"
    code = "\n".join(re.findall(r"```python\n(.*?)```", page.read_text(), flags=re.S))
    exec(compile(code, str(page), "exec"), {})
