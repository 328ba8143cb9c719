"""Fixed, seeded splits of named images that never depend on which other images exist.

Each image falls in a part by a hash of the seed and its name alone, so a split is the same
on every machine, for any subset of a data set, and adding images never moves old ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping


def hashed_fraction(name: str, seed: object) -> float:
    """A number in [0, 1) fixed by `seed` and `name`, uniform over names."""
    digest = hashlib.sha256(f"{seed}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def hashed_split(names: Iterable[str], fractions: Mapping[str, float], seed: object) -> dict[str, list[str]]:
    """Assign each of `names` to one part of `fractions` ({part: share}, in order, shares
    summing to 1), returning {part: [names in the order given]}.

    Examples
    --------
    >>> from fewseg.data import hashed_split
    >>> hashed_split(["a", "b", "c", "d"], {"train": 0.5, "test": 0.5}, seed=0)
    {'train': ['d'], 'test': ['a', 'b', 'c']}
    """
    total = sum(fractions.values())
    if abs(total - 1) > 1e-9:
        raise ValueError(f"fractions: shares must sum to 1, got {total}")
    parts = {part: [] for part in fractions}
    for name in names:
        u, bound = hashed_fraction(name, seed), 0.0
        for part, share in fractions.items():
            bound += share
            if u < bound:
                parts[part].append(name)
                break
        else:  # rounding of the last bound
            parts[list(fractions)[-1]].append(name)
    return parts
