"""The regionprops measurement plan (cpp/include/fewseg/region_plan.hpp), through
fewseg._core.region_plan: which groups exist, what the first pass accumulates, how rows are
cut into blocks, which tasks run, and that region_measurements measures what it plans."""

import numpy as np
import pytest

from fewseg import _core
from fewseg.measure._measurement_groups import GROUPS, INTENSITY_GROUPS
from fewseg.measure._property_table import PROPERTIES, VOLUME_PROPERTIES

ALL_GROUPS = set(_core.region_groups())
BASE_KEYS = {"label", "count", "bbox", "sums", "central"}

# What each group adds to region_measurements' output (the raw keys the Python
# properties read), on an RGB intensity image.
GROUP_KEYS = {
    "convex": {"convex_count", "feret_diameter_max"},
    "perimeter": {"border_codes"},
    "quads": {"quads"},
    "asymmetry": {"asymmetry"},
    "seed": {"contour_area", "arc_length", "enclosing_radius", "max_span"},
    "fractal": {"fractal_dimension"},
    "intensity": {"intensity_min", "intensity_max", "intensity_mean", "intensity_std"},
    "median": {"intensity_median"},
    "sharpness": {"border_sharpness"},
    "colour": {"rgb_mean", "rgb_std", "rgb_percentiles", "lab_mean", "lab_std", "lab_percentiles",
               "palette_fractions"},
}


def labels_and_rgb(seed=0, shape=(37, 41)):
    rng = np.random.default_rng(seed)
    labels = (rng.random(shape) * 6).astype(np.int32)
    return labels, rng.random(shape + (3,))


def steps(plan):
    return [task["step"] for task in plan["tasks"]]


def test_group_names_are_the_kernels_and_the_properties_use_each():
    assert list(_core.region_groups()) == list(GROUP_KEYS)
    assert {name for name in vars(GROUPS)} == ALL_GROUPS
    assert all(getattr(GROUPS, name) == name for name in ALL_GROUPS)
    assert INTENSITY_GROUPS == {"intensity", "median", "sharpness", "colour"}
    used = {g for catalogue in (PROPERTIES, VOLUME_PROPERTIES) for prop in catalogue.values() for g in prop.groups}
    assert used == ALL_GROUPS
    for prop in PROPERTIES.values():
        # A property needing an intensity group is an intensity property, and the reverse.
        assert prop.intensity == bool(set(prop.groups) & INTENSITY_GROUPS)


def test_no_group_is_the_first_pass_alone():
    plan = _core.region_plan(set(), True, 10)
    assert plan == {"pass_blocks": 2, "first_pass": ["moments"], "tasks": [], "after": []}


@pytest.mark.parametrize("rows", [0, 1, 2, 3, 10, 1001])
def test_neighbourhood_blocks_cover_the_rows_once_in_two_fixed_blocks(rows):
    for groups in ({"perimeter"}, {"quads"}, {"perimeter", "quads"}):
        plan = _core.region_plan(groups, False, rows)
        blocks = [t for t in plan["tasks"] if t["step"] == "neighbourhood_counts"]
        assert [b["block"] for b in blocks] == [0, 1]
        # Padded rows of the dense labels: 1 .. rows, cut in the middle, no gap, no overlap.
        assert blocks[0]["rows"] == (1, 1 + rows // 2)
        assert blocks[1]["rows"] == (1 + rows // 2, rows + 1)
        counted = [what for group, what in (("perimeter", "border_codes"), ("quads", "quads")) if group in groups]
        assert all(b["counts"] == counted for b in blocks)
        assert plan["after"] == ["merge_neighbourhoods"]


def test_each_group_plans_its_task():
    expected = {
        "convex": (["moments", "row_extents"], ["convex_features"]),
        "perimeter": (["moments"], ["neighbourhood_counts"] * 2),
        "quads": (["moments"], ["neighbourhood_counts"] * 2),
        "asymmetry": (["moments"], ["asymmetry"]),
        "seed": (["moments"], ["outer_contours"]),
        "fractal": (["moments"], ["outer_contours"]),
        "intensity": (["moments", "intensity_sums"], []),
        "median": (["moments"], ["median"]),
        "sharpness": (["moments"], ["sharpness"]),
        "colour": (["moments"], ["colour"]),
    }
    assert set(expected) == ALL_GROUPS
    for group, (first_pass, tasks) in expected.items():
        plan = _core.region_plan({group}, True, 20)
        assert plan["first_pass"] == first_pass, group
        assert steps(plan) == tasks, group
        # Without an intensity image, its groups plan nothing.
        if group in INTENSITY_GROUPS:
            assert _core.region_plan({group}, False, 20) == _core.region_plan(set(), False, 20)


def test_contour_groups_share_one_pass_over_the_contours():
    plan = _core.region_plan({"seed", "fractal"}, False, 20)
    assert steps(plan) == ["outer_contours"]
    assert plan["tasks"][0]["measures"] == ["contour_features", "fractal_dimension"]


def test_every_group_at_once_in_task_order():
    plan = _core.region_plan(ALL_GROUPS, True, 20)
    assert plan["first_pass"] == ["moments", "intensity_sums", "row_extents"]
    assert steps(plan) == ["convex_features", "neighbourhood_counts", "neighbourhood_counts", "asymmetry",
                           "outer_contours", "median", "sharpness", "colour"]


@pytest.mark.parametrize("group", sorted(GROUP_KEYS))
def test_region_measurements_measures_what_each_group_plans(group):
    labels, rgb = labels_and_rgb()
    raw = _core.region_measurements(labels, rgb, {group}, (1.0, 1.0), [0.5], 1)
    assert set(raw) == BASE_KEYS | GROUP_KEYS[group]
    n = len(np.unique(labels[labels != 0]))
    assert all(len(v) == n for v in raw.values())


def test_every_group_at_once_gives_the_same_results_whatever_the_thread_count():
    labels, rgb = labels_and_rgb(1, (120, 90))
    one = _core.region_measurements(labels, rgb, ALL_GROUPS, (1.0, 1.0), [0.1, 0.9], 1)
    three = _core.region_measurements(labels, rgb, ALL_GROUPS, (1.0, 1.0), [0.1, 0.9], 3)
    assert set(one) == BASE_KEYS.union(*GROUP_KEYS.values())
    assert list(one) == list(three)
    for key in one:
        np.testing.assert_array_equal(one[key], three[key], err_msg=key)


@pytest.mark.parametrize("bad", ["nonsense", "bbox", "Convex", ""])
def test_unknown_groups_are_refused_naming_them(bad):
    labels, rgb = labels_and_rgb()
    with pytest.raises(ValueError, match=f"groups: unknown measurement group '{bad}'"):
        _core.region_plan({"convex", bad}, True, 5)
    with pytest.raises(ValueError, match=f"groups: unknown measurement group '{bad}'"):
        _core.region_measurements(labels, rgb, {bad}, (1.0, 1.0), [], 1)


def test_negative_row_count_is_refused():
    with pytest.raises(ValueError, match="rows"):
        _core.region_plan(set(), False, -1)


def test_intensity_groups_without_an_image_are_refused():
    labels, _ = labels_and_rgb()
    for group in INTENSITY_GROUPS:
        with pytest.raises(ValueError, match="intensity_image: required"):
            _core.region_measurements(labels, None, {group}, (1.0, 1.0), [], 1)


def kept_pass_case(seed):
    rng = np.random.default_rng(500 + seed)
    shape = tuple(int(s) for s in rng.integers(1, 70, 2)) if seed else (0, 7)
    labels = (rng.random(shape) * rng.integers(2, 40)).astype(np.int64 if seed % 2 else np.int32)
    labels[rng.random(shape) < 0.2] = 0
    if seed % 3 == 0:
        image = (rng.random(shape + (3,)) * 255).astype(np.uint8)
    elif seed % 3 == 1:
        image = rng.random(shape + (3,))
    else:
        image = rng.random(shape).astype(np.float32)
    return labels, image


@pytest.mark.parametrize("seed", range(8))
def test_later_groups_on_the_kept_dense_labels_equal_a_fresh_measurement(seed):
    labels, image = kept_pass_case(seed)
    rgb = image.ndim == 3
    groups = [g for g in GROUP_KEYS if rgb or g != "colour"]
    quantiles = [0.1, 0.5, 0.9]
    for threads in (1, 2):
        first, kept = _core.region_pass(labels, image, set(), (1.0, 0.5), [], threads)
        fresh = _core.region_measurements(labels, image, set(), (1.0, 0.5), [], threads)
        assert set(first) == set(fresh) == BASE_KEYS
        for key in first:
            np.testing.assert_array_equal(first[key], fresh[key])
        requests = [{g} for g in groups] + [set(groups), {"convex", "intensity"}]
        for request in requests:
            got = kept.measure(request, quantiles)
            expected = _core.region_measurements(labels, image, request, (1.0, 0.5), quantiles, threads)
            assert set(got) == set(expected) - BASE_KEYS, request
            for key in got:
                assert got[key].dtype == expected[key].dtype, key
                np.testing.assert_array_equal(got[key], expected[key], err_msg=f"{request} {key}")


def test_the_kept_pass_checks_each_request():
    labels, image = kept_pass_case(2)  # a grey float32 image
    _, kept = _core.region_pass(labels, image, set(), (1.0, 1.0), [], 1)
    with pytest.raises(ValueError, match="groups: unknown measurement group 'bbox'"):
        kept.measure({"bbox"}, [])
    with pytest.raises(ValueError, match="colour features need RGB"):
        kept.measure({"colour"}, [0.5])
    with pytest.raises(ValueError, match="quantiles"):
        kept.measure({"colour"}, [2.0])
    _, no_image = _core.region_pass(labels, None, set(), (1.0, 1.0), [], 1)
    with pytest.raises(ValueError, match="intensity_image: required"):
        no_image.measure({"median"}, [])
    assert set(no_image.measure({"perimeter"}, [])) == {"border_codes"}
