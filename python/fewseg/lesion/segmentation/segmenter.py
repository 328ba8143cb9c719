"""`LesionSegmenter`: lesion segmentation that learns from a few expert masks."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
from scipy import ndimage as ndi
from sklearn.base import BaseEstimator
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ..._typing import BoolArray, ImageSequence
from ..._validation import as_mask, check_int_option, check_number_option
from ...transform import resize_area, resize_bilinear
from ._input import checked_rgb
from ._mixture import LOG_ODDS_LIMIT
from ._pixel_features import feature_names, monotonic_constraints, pixel_features
from ._pixel_sampling import labelled_pixels, pseudo_labelled_pixels
from ._working import to_full_size
from ..prior import LesionPrior
from .options import LesionOptions, make_options
from .segment import LOG_ODDS_SMOOTHING, lesion_evidence, outline_from_log_odds, prior_lesion_evidence
from .warnings import NoLesionWarning

# The classifier: gradient-boosted trees, small and strongly regularised (a few thousand
# pixels from each of five images are few, and neighbouring pixels are far from
# independent). One thread: the images are the unit of parallel work (fewseg.batch), and
# OpenMP threads fighting over a shared machine's cores cost far more than they give.
TREES = 100
LEARNING_RATE = 0.1
MAX_LEAF_NODES = 15
MIN_SAMPLES_LEAF = 40
L2_REGULARIZATION = 1.0
# With colour_model_weight="auto", the image's own evidence counts as much as this many
# labelled images: the classifier's share n / (n + PRIOR_IMAGES) grows with the n labelled
# images. One mask shows one lesion's border; it should not outvote the image's own
# colours (a half with five masks), still less the lesion prior, which learnt from
# thousands of masks: fitted on 5 ISIC training masks and scored on 120 images of the ISIC
# tune part, a prior weight of 0.75 beat the prior alone by 0.0041, 0.0014 and 0.0026 mean
# Dice for three choices of masks, where 0.5 gave 0.0018, -0.0004 and -0.0048.
PRIOR_IMAGES = {"colour": 5, "prior": 15}
ADAPTATIONS = ("classifier", "network")
# Guards the lazy creation of fine-tuned networks' sessions (one per fitted model).
_session_lock = threading.Lock()


class LesionSegmenter(BaseEstimator):
    """Lesion segmentation learnt from a few labelled masks, in the spirit of ilastik.

    Every image goes through `segment_lesion`'s preprocessing at the working size (hair
    inpainting, smoothing, vignetting correction) and its per-image two-Gaussian colour
    model, and (with the default ``method="prior"`` of `lesion_options`) through the
    learned lesion prior. A pixel classifier (monotonic gradient-boosted trees) then
    learns, from the labelled masks, where experts put the border in terms of features
    measured against each image's own skin: darkness below the skin's, the fraction of
    the way from the skin's colour to the lesion's, the colour model's log odds and the
    prior's, each also smoothed (see `fewseg.lesion.segmentation._pixel_features`): so it adapts the
    prior to the user's images without PyTorch. Half of the few thousand training pixels
    per image are drawn near the expert outline, where the decisions are.

    At prediction, the classifier's log odds and the image's own evidence (the prior's
    log odds, or the colour model's with ``method="colour"``) are pooled log-linearly
    (weights ``1 - w`` and ``w``, ``w`` the `colour_model_weight`): the classifier brings
    what the masks taught, the evidence what holds for the image in hand. The pooled log
    odds drive `segment_lesion`'s outline step (central large region, band markers,
    `fewseg.watershed`, closing, one hole-free region). Images where no colour model can
    be fitted get the prior's outline.

    Self-training: `fit` may be given unlabelled images. The classifier learnt from the
    labels outlines them, pixels well inside and well outside those outlines become
    pseudo-labels (the band around the outline, where guesses are least sure, is left
    out), and the classifier is refitted on labels and pseudo-labels together, the
    pseudo-labels carrying `pseudo_label_weight` of the total weight; this repeats
    `self_training_rounds` times. `predict` does not learn from the images it is given.
    On PH2 (five masks, the other 115 images unlabelled) self-training neither helped nor
    hurt (mean Dice 0.9251 against 0.9257 over five choices of masks); re-fitting each
    image's colour model from the pooled probabilities at prediction lowered it (0.9198
    and 0.9151 against 0.9207 and 0.9211 on two choices of masks, measured before the
    colour model gained its unlike-skin term), which is why `predict` does not do it.

    Fine-tuning the network: with ``adaptation="network"``, `fit` trains the lesion prior
    itself on the labelled images instead of a pixel classifier on top of it
    (`fewseg.training.fine_tune`: `fine_tune_steps` steps under the prior's own
    augmentations, at a tenth of its training rate). This needs PyTorch, the ``[train]``
    extra (``pip install "fewseg[train]"``); `predict` then runs `segment_lesion`'s
    pipeline with the fine-tuned network through ONNX Runtime, without PyTorch, and the
    fitted model pickles with its network (``network_``, about 4 MB). On PH2 this is what
    five masks can teach: fitted on five masks of one half, the other half's mean Dice
    rises from the prior's 0.931 to about 0.94, where the pixel classifier stays at 0.931
    (see the lesion prior's model card).

    Parameters
    ----------
    samples_per_image : int
        Training pixels drawn from each labelled image (and at most this many
        pseudo-labelled ones from each unlabelled image).
    border_band : float
        Half width, in reference pixels (see `fewseg.lesion.LesionOptions`), of the band
        around an outline: labelled pixels are drawn within it for half of each sample,
        pseudo-labels are never taken within it.
    colour_model_weight : float or "auto"
        Weight in [0, 1] of the image's own evidence (the prior's log odds, or the colour
        model's with ``method="colour"``) in the pooled log odds; 0 trusts the classifier
        alone, 1 gives `segment_lesion`'s evidence. "auto": ``15 / (15 + n)`` for n
        labelled images with the prior (0.75 with five, 0.94 with one), ``5 / (5 + n)``
        with ``method="colour"`` (0.5 with five, 0.83 with one).
    self_training_rounds : int
        Rounds of pseudo-labelling the unlabelled images given to `fit` (none without
        them).
    pseudo_label_weight : float
        Share in [0, 1) of the total training weight carried by pseudo-labelled pixels.
    random_state : int, RandomState or None
        Seeds the pixel sampling and the classifier.
    lesion_options : dict or LesionOptions, optional
        Options of the shared preprocessing and outline steps, as for `segment_lesion`.
    adaptation : {"classifier", "network"}
        What `fit` adapts: "classifier" (the default; no PyTorch needed) learns the pixel
        classifier above on top of the fixed prior; "network" fine-tunes the prior itself
        (needs the ``[train]`` extra and ``method="prior"``). Fine-tune from a few masks of
        the kind of images to be segmented: on PH2 one mask was too few (within noise of
        the prior), and on a mixed collection of many devices five masks lost against it.
    fine_tune_steps : int
        Optimiser steps of the fine-tuning (batches of 8 augmented images; about 0.6 s
        each on two cores), with ``adaptation="network"``.

    Attributes
    ----------
    classifier_ : HistGradientBoostingClassifier or None
        The fitted pixel classifier (features `feature_names_`); None with
        ``adaptation="network"``.
    network_ : bytes or None
        The fine-tuned lesion prior as an ONNX model (``adaptation="network"``), else None.
    colour_model_weight_ : float or None
        The weight of the colour model's log odds in use (None with a fine-tuned network).
    feature_names_ : tuple of str
    n_labelled_images_, n_unlabelled_images_ : int
        Images used for fitting (unlabelled ones without a colour model are skipped).

    Examples
    --------
    >>> from fewseg.data import synthetic_lesions
    >>> data = synthetic_lesions(8, seed=3)
    >>> model = LesionSegmenter().fit(data.images[:3], data.masks[:3])
    >>> masks = model.predict(data.images[3:])
    >>> len(masks), masks[0].dtype
    (5, dtype('bool'))
    """

    def __init__(
        self,
        *,
        samples_per_image: int = 4000,
        border_band: float = 12.0,
        colour_model_weight: float | str = "auto",
        self_training_rounds: int = 1,
        pseudo_label_weight: float = 0.25,
        random_state: int | np.random.RandomState | None = 0,
        lesion_options: Mapping[str, Any] | LesionOptions | None = None,
        adaptation: str = "classifier",
        fine_tune_steps: int = 150,
    ) -> None:
        self.samples_per_image = samples_per_image
        self.border_band = border_band
        self.colour_model_weight = colour_model_weight
        self.self_training_rounds = self_training_rounds
        self.pseudo_label_weight = pseudo_label_weight
        self.random_state = random_state
        self.lesion_options = lesion_options
        self.adaptation = adaptation
        self.fine_tune_steps = fine_tune_steps

    def fit(
        self,
        images: ImageSequence,
        masks: ImageSequence,
        unlabelled_images: ImageSequence | None = None,
    ) -> LesionSegmenter:
        """Learn from labelled images (and self-train on unlabelled ones).

        Parameters
        ----------
        images : sequence of (M, N, 3) ndarray
            Dermoscopy images under the one image rule (`fewseg._images`: uint8, uint16
            or float in [0, 1]; RGB, grey or RGBA), at least 32 pixels on each side;
            sizes may differ. Not modified.
        masks : sequence of (M, N) ndarray of bool or int
            The expert lesion mask of each image (nonzero = lesion; floats only as 0 and
            1, `fewseg._validation.as_mask`); at least one must be non-empty. Not modified.
        unlabelled_images : sequence of (M, N, 3) ndarray, optional
            Images without masks, for self-training. Images where no colour model can be
            fitted (uniform, all frame) are skipped.

        Returns
        -------
        self
        """
        settings = self._settings()
        self._check_parameters()
        images = _sequence(images, "images")
        masks = _sequence(masks, "masks")
        if not images:
            raise ValueError("images: empty; expected at least one labelled image")
        if len(masks) != len(images):
            raise ValueError(f"masks: got {len(masks)} masks for {len(images)} images; expected one mask per image")
        unlabelled = [] if unlabelled_images is None else _sequence(unlabelled_images, "unlabelled_images")
        rng = check_random_state(self.random_state)

        checked = []
        for i, (image, mask) in enumerate(zip(images, masks)):
            rgb, factor = checked_rgb(image, f"images[{i}]")
            checked.append((rgb, factor, as_mask(mask, f"masks[{i}]", rgb.shape[:2], f"images[{i}]")))
        if not any(truth.any() for _, _, truth in checked):
            raise ValueError("masks: every mask is empty; at least one must outline a lesion")
        if self.adaptation == "network":
            for i, image in enumerate(unlabelled):
                checked_rgb(image, f"unlabelled_images[{i}]")
            if settings.method != "prior":
                raise ValueError('adaptation: "network" fine-tunes the lesion prior; it needs lesion_options '
                                 f'method "prior", got {settings.method!r}')
            return self._fit_network(images, [truth for _, _, truth in checked], unlabelled)
        unlabelled = [checked_rgb(image, f"unlabelled_images[{i}]") for i, image in enumerate(unlabelled)]

        X, y = [], []
        for i, (rgb, factor, truth) in enumerate(checked):
            evidence = lesion_evidence(rgb, factor, settings)
            if evidence.model is None:
                raise ValueError(f"images[{i}]: cannot learn from it: {evidence.reason}")
            small = _mask_to_working(truth, evidence.frame.shape)
            pick = labelled_pixels(small, evidence.frame, self.samples_per_image,
                                   self.border_band * settings.scale, rng)
            X.append(_flat(pixel_features(evidence, settings.scale))[pick])
            y.append(small.ravel()[pick])
        X, y = np.concatenate(X), np.concatenate(y)
        if y.all() or not y.any():
            side = "lesion" if y.all() else "skin"
            raise ValueError(f"masks: every labelled pixel is {side}; the masks must show both lesion and skin")

        self.network_ = None
        self.feature_names_ = feature_names(settings.method == "prior")
        self.n_labelled_images_ = len(images)
        prior_images = PRIOR_IMAGES[settings.method]
        self.colour_model_weight_ = (prior_images / (prior_images + len(images))
                                     if self.colour_model_weight == "auto" else float(self.colour_model_weight))
        self.classifier_ = self._fit_classifier(X, y, None, rng)
        self.n_unlabelled_images_ = 0
        for _ in range(self.self_training_rounds if unlabelled else 0):
            pseudo_X, pseudo_y = self._pseudo_labels(unlabelled, settings, rng)
            if not pseudo_y.size:
                break
            share = self.pseudo_label_weight
            weights = np.concatenate([np.full(y.size, (1 - share) / y.size), np.full(pseudo_y.size, share / pseudo_y.size)])
            self.classifier_ = self._fit_classifier(np.concatenate([X, pseudo_X]), np.concatenate([y, pseudo_y]),
                                                    weights * weights.size, rng)
        return self

    def _fit_network(self, images, masks, unlabelled):
        """``adaptation="network"``: fine-tune the lesion prior itself (PyTorch)."""
        try:
            from ...training.fine_tune import fine_tuned_prior
        except ImportError as exc:
            raise ImportError('LesionSegmenter(adaptation="network") fine-tunes the lesion prior with PyTorch, '
                              'an optional extra: pip install "fewseg[train]" (adaptation="classifier", the '
                              f'default, needs no PyTorch): {exc}') from exc
        seed = check_random_state(self.random_state).randint(2**31 - 1)
        self.network_ = fine_tuned_prior(images, masks, unlabelled, steps=self.fine_tune_steps, seed=seed)
        self._network_session = None
        self.classifier_ = None
        self.feature_names_ = ()
        self.colour_model_weight_ = None
        self.n_labelled_images_ = len(images)
        self.n_unlabelled_images_ = len(unlabelled)
        return self

    def _fine_tuned_prior(self):
        """The fine-tuned network's ONNX Runtime session, created on first use."""
        session = getattr(self, "_network_session", None)
        if session is None:
            with _session_lock:
                session = getattr(self, "_network_session", None)
                if session is None:
                    session = self._network_session = LesionPrior.from_bytes(
                        self.network_, "the fine-tuned lesion prior of this LesionSegmenter")
        return session

    def __getstate__(self):
        # The session is rebuilt from network_ on first use after unpickling.
        state = super().__getstate__()
        state.pop("_network_session", None)
        return state

    def predict(self, images: ImageSequence) -> list[BoolArray]:
        """Lesion masks of `images`.

        Parameters
        ----------
        images : sequence of (M, N, 3) ndarray
            Dermoscopy images, as for `fit` (`fewseg._images`). Not modified.

        Returns
        -------
        list of (M, N) ndarray of bool
            One mask per image, at its full size: one 8-connected region without holes, or
            all False (with a `NoLesionWarning`) where no lesion is found.
        """
        check_is_fitted(self, "classifier_")
        settings = self._settings()
        checked = [checked_rgb(image, f"images[{i}]") for i, image in enumerate(_sequence(images, "images"))]
        masks = []
        network = self._fine_tuned_prior() if self.network_ is not None else None
        for i, (rgb, factor) in enumerate(checked):
            shape = rgb.shape[:2]
            if network is not None:
                evidence = prior_lesion_evidence(rgb, factor, settings, network)
                self._append_mask(masks, evidence.mask, evidence.reason, shape, i)
                continue
            evidence = lesion_evidence(rgb, factor, settings)
            small = None
            if evidence.model is not None:
                small = self._outline(evidence, settings)
            elif settings.method == "prior":  # no colour contrast to learn from: the prior alone
                evidence = prior_lesion_evidence(rgb, factor, settings)
                small = evidence.mask
            self._append_mask(masks, small, evidence.reason, shape, i)
        return masks

    @staticmethod
    def _append_mask(masks, small, reason, shape, i):
        """Append the full-size mask of working-size `small`, or an empty one with a warning."""
        if small is None:
            reason = reason or "no region large enough stands out from the skin"
            warnings.warn(f"images[{i}]: no lesion found: {reason}; returning an empty mask",
                          NoLesionWarning, stacklevel=3)
            masks.append(np.zeros(shape, bool))
        else:
            masks.append(to_full_size(small, shape))

    def _outline(self, evidence, settings):
        search = settings.prior_threshold_search if evidence.prior_log_odds is not None else None
        return outline_from_log_odds(self._pooled_log_odds(evidence, settings), evidence, settings, search)

    def _pooled_log_odds(self, evidence, settings):
        features = pixel_features(evidence, settings.scale)
        with threadpool_limits(1):
            probability = self.classifier_.predict_proba(_flat(features))[:, 1]
        probability = np.clip(probability, 1e-9, 1 - 1e-9).reshape(evidence.frame.shape)
        learnt = np.clip(np.log(probability / (1 - probability)), -LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)
        learnt[evidence.frame] = -LOG_ODDS_LIMIT
        learnt = ndi.gaussian_filter(learnt, LOG_ODDS_SMOOTHING * settings.scale)
        w = self.colour_model_weight_
        own = evidence.log_odds if evidence.prior_log_odds is None else evidence.prior_log_odds
        return ((1 - w) * learnt + w * own).astype(np.float32)

    def _pseudo_labels(self, unlabelled, settings, rng):
        X, y = [], []
        used = 0
        for rgb, factor in unlabelled:
            evidence = lesion_evidence(rgb, factor, settings)
            if evidence.model is None:
                continue
            mask = self._outline(evidence, settings)
            if mask is None:
                continue
            pick, labels = pseudo_labelled_pixels(mask, evidence.frame, self.samples_per_image,
                                                  round(self.border_band * settings.scale), rng)
            if labels.size:
                X.append(_flat(pixel_features(evidence, settings.scale))[pick])
                y.append(labels)
                used += 1
        self.n_unlabelled_images_ = used
        if not X:
            return np.empty((0, len(self.feature_names_)), np.float32), np.empty(0, bool)
        return np.concatenate(X), np.concatenate(y)

    def _fit_classifier(self, X, y, sample_weight, rng):
        classifier = HistGradientBoostingClassifier(
            max_iter=TREES,
            learning_rate=LEARNING_RATE,
            max_leaf_nodes=MAX_LEAF_NODES,
            min_samples_leaf=MIN_SAMPLES_LEAF,
            l2_regularization=L2_REGULARIZATION,
            monotonic_cst=monotonic_constraints(self.feature_names_),
            class_weight="balanced",
            early_stopping=False,
            random_state=rng.randint(2**31 - 1),
        )
        with threadpool_limits(1):
            return classifier.fit(X, y, sample_weight=sample_weight)

    def _settings(self):
        options = self.lesion_options
        if options is None:
            return LesionOptions()
        if isinstance(options, LesionOptions):
            return options
        if not isinstance(options, dict):
            raise TypeError(f"lesion_options: expected a dict of LesionOptions fields, got {type(options).__name__}")
        return make_options(options)

    def _check_parameters(self):
        check_int_option(self.samples_per_image, "samples_per_image", 20)
        check_int_option(self.self_training_rounds, "self_training_rounds", 0)
        check_number_option(self.border_band, "border_band", 0.0, 100.0)
        if not (isinstance(self.colour_model_weight, str) and self.colour_model_weight == "auto"):
            check_number_option(self.colour_model_weight, "colour_model_weight", 0.0, 1.0)
        check_number_option(self.pseudo_label_weight, "pseudo_label_weight", 0.0, 0.99)
        check_int_option(self.fine_tune_steps, "fine_tune_steps", 1)
        if not isinstance(self.adaptation, str) or self.adaptation not in ADAPTATIONS:
            raise ValueError(f"adaptation: expected one of {', '.join(map(repr, ADAPTATIONS))}, got {self.adaptation!r}")


def _sequence(values, name):
    """A list of the items of `values` (a list, tuple or an array of images), not copied."""
    if isinstance(values, np.ndarray):
        if values.ndim not in (3, 4) or (name.endswith("images") and values.ndim != 4):
            raise ValueError(f"{name}: expected a sequence of arrays (or one stacked array), got an array of shape {values.shape}")
        return list(values)
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name}: expected a list of arrays, got {type(values).__name__}")
    return list(values)


def _mask_to_working(mask, shape):
    """The mask at the working size: the share of lesion in each working pixel (area
    average when shrinking, interpolation when enlarging, as for the image), over 1/2."""
    if mask.shape == tuple(shape):
        return mask
    shrinking = shape[0] <= mask.shape[0] and shape[1] <= mask.shape[1]
    resize = resize_area if shrinking else resize_bilinear
    return resize(mask.astype(np.float32), shape) > 0.5


def _flat(features):
    return features.reshape(-1, features.shape[-1])
