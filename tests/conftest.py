"""Shared fixtures: the PH2 folder, skipped with the reason where it is absent."""

import pytest

from ph2data import PH2_DIR


@pytest.fixture(scope="session")
def ph2_dir():
    if not PH2_DIR.is_dir():
        pytest.skip(f"PH2 images not found at {PH2_DIR} (set FEWSEG_PH2 to their folder)")
    return PH2_DIR
