"""Data sets read their images when indexed (fewseg.data.ImageFiles), and the pipelines that
walk through them hold one image at a time."""

from collections.abc import Sequence

import numpy as np
import pytest
from fake_isic import fake_isic
from PIL import Image

import fewseg
from fewseg.data import ImageFiles, load_isic2017, synthetic_lesions
from fewseg.reports.few_label import SegmentedMasks, central_ellipse, feature_matrix


def test_image_files_read_when_indexed(tmp_path):
    paths = []
    for k in range(3):
        paths.append(tmp_path / f"{k}.png")
        Image.fromarray(np.full((4, 5), 50 * k, np.uint8)).save(paths[-1])
    images, masks = ImageFiles(paths), ImageFiles(paths, masks=True)
    assert len(images) == 3 and images[2].dtype == np.uint8 and images[2][0, 0] == 100
    assert masks[0].dtype == bool and not masks[0].any() and masks[1].all()
    assert [image[0, 0] for image in images[1:]] == [50, 100]
    assert [image[0, 0] for image in images.take([2, 0])] == [100, 0]
    assert images[-1][0, 0] == 100 and "3 images" in repr(images)
    # Read at each access: a file replaced after loading is the one indexed.
    Image.fromarray(np.full((4, 5), 7, np.uint8)).save(paths[0])
    assert images[0][0, 0] == 7
    with pytest.raises(IndexError):
        images[3]


def test_a_missing_file_is_named_at_load(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"1 image file\(s\) missing, e.g. .*absent.png"):
        ImageFiles([tmp_path / "absent.png"])


def test_isic_loader_reads_nothing_up_front(tmp_path):
    folder = fake_isic(tmp_path / "isic", n=4)
    data = load_isic2017(folder)
    assert isinstance(data.images, ImageFiles) and isinstance(data.masks, ImageFiles)
    assert data.images[0].shape == (96, 128, 3) and data.masks[0].shape == (96, 128)
    (folder / f"{data.names[3]}.jpg").unlink()
    with pytest.raises(FileNotFoundError, match="ISIC_0000003.jpg"):
        load_isic2017(folder, data.names)


class AccessLog(Sequence):
    """A sequence that records which item of which sequence is read, in order."""

    def __init__(self, items, name, log):
        self.items, self.name, self.log = items, name, log

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            raise AssertionError("sliced")
        self.log.append((self.name, index))
        return self.items[index]


def test_extract_features_holds_one_image_and_mask_at_a_time():
    data = synthetic_lesions(3, seed=4, shape=(64, 80))
    log = []
    X, _ = fewseg.extract_features(AccessLog(data.images, "image", log), AccessLog(data.masks, "mask", log))
    assert log == [("image", 0), ("mask", 0), ("image", 1), ("mask", 1), ("image", 2), ("mask", 2)]
    assert np.array_equal(X, fewseg.extract_features(data.images, data.masks)[0])
    log.clear()
    segmented, _ = fewseg.extract_features(AccessLog(data.images, "image", log))
    assert log == [("image", 0), ("image", 1), ("image", 2)]
    masks = [fewseg.segment_lesion(image) for image in data.images]
    assert np.array_equal(segmented, fewseg.extract_features(data.images, masks)[0])


def test_the_report_segments_each_image_when_its_features_are_measured():
    data = synthetic_lesions(2, seed=6, shape=(64, 80))
    log = []
    blank = np.full((64, 80, 3), 200, np.uint8)  # no lesion: scored on the central ellipse
    masks = SegmentedMasks(AccessLog([data.images[0], blank, data.images[1]], "image", log))
    X, names, _ = feature_matrix(AccessLog(masks.images.items, "features", log), masks, "hand")
    assert log == [("features", 0), ("image", 0), ("features", 1), ("image", 1), ("features", 2), ("image", 2)]
    assert masks.fallbacks == {1}
    expected, all_names = fewseg.extract_features([blank], [central_ellipse(blank.shape[:2])])
    assert np.array_equal(X[1], expected[0, [all_names.index(name) for name in names]])


def test_extract_features_on_threads_keeps_the_order_and_the_first_error():
    data = synthetic_lesions(5, seed=8, shape=(64, 80))
    alone, names = fewseg.extract_features(data.images, data.masks, learned=True)
    threaded, threaded_names = fewseg.extract_features(ImageFilesLike(data.images), data.masks, learned=True, n_jobs=2)
    assert threaded_names == names and np.array_equal(threaded, alone)
    broken = list(data.images)
    broken[3] = np.full((64, 80, 3), 2.0)
    broken[4] = np.full((64, 80, 3), -1.0)
    with pytest.raises(ValueError, match=r"^images\[3\]: float values must lie in \[0, 1\]"):
        fewseg.extract_features(broken, data.masks, n_jobs=-1)
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="n_jobs"):
            fewseg.extract_features(data.images, data.masks, n_jobs=bad)


class ImageFilesLike(Sequence):
    """A lazy sequence read from several threads at once."""

    def __init__(self, items):
        self.items = items

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        return self.items[index].copy()


def test_lesion_free_images_segmented_on_threads_are_counted_not_raised():
    # Regression: each worker entered and left warnings.catch_warnings, which changes the
    # process's filters; one thread restoring them while another was inside let the
    # warning through (an error under this suite's filterwarnings).
    rng = np.random.default_rng(0)
    blanks = [np.full((48, 64, 3), int(value), np.uint8) for value in rng.integers(120, 230, 60)]
    masks = SegmentedMasks(blanks)
    X, _, _ = feature_matrix(blanks, masks, "hand")
    assert masks.fallbacks == set(range(60)) and np.isfinite(X).all()


def test_the_segmentation_report_scores_lesion_free_images_on_threads():
    from fewseg.reports.segmentation import dice_scores

    blanks = [np.full((48, 64, 3), value, np.uint8) for value in range(120, 180)]
    truth = [np.ones((48, 64), bool)] * len(blanks)
    scores, _ = dice_scores(blanks, truth, n_jobs=2)
    assert np.array_equal(scores, np.zeros(len(blanks)))
