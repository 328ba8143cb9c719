"""OpenCV's contours in fewseg's conventions ((row, col) points, names for the modes), the
reference the contour tests compare against."""

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

MODES = {"external": cv2.RETR_EXTERNAL, "list": cv2.RETR_LIST, "ccomp": cv2.RETR_CCOMP, "tree": cv2.RETR_TREE}
APPROX = {"none": cv2.CHAIN_APPROX_NONE, "simple": cv2.CHAIN_APPROX_SIMPLE}


def opencv_contours(mask, mode, approx):
    """cv2.findContours with (x, y) swapped to (row, col); hierarchy (n, 4), empty if none."""
    contours, hierarchy = cv2.findContours(mask.astype(np.uint8), MODES[mode], APPROX[approx])
    contours = [c[:, 0, ::-1] for c in contours]
    return contours, (np.zeros((0, 4), int) if hierarchy is None else hierarchy[0])


def opencv_label_contours(labels, approx):
    """What fewseg.label_contours returns, from OpenCV: the external contours of each label
    in increasing label order, and the label owning each."""
    contours, owners = [], []
    for value in np.unique(labels[labels > 0]):
        found, _ = opencv_contours(labels == value, "external", approx)
        contours += found
        owners += [value] * len(found)
    return contours, owners
