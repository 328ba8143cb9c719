"""Classifier evaluation: how well few-label classifiers do as the labelled share grows.

Which module is for what:

- ``fewseg.evaluate`` (this module): learning curves of classifiers on feature matrices
  (labels only, scikit-learn's self-training, fewseg's), their summaries and plot. The
  implementation lives in the learning layer, `fewseg.learn.few_label_curves` and
  `fewseg.learn.plot`; this is its public name.
- `fewseg.metrics`: segmentation scores, the overlap of two masks (`~fewseg.metrics.dice`,
  `~fewseg.metrics.jaccard`).
- the ``fewseg evaluate`` command (``fewseg.cli.evaluate``): both on files, ``fewseg
  evaluate classifier`` with this module, ``fewseg evaluate segmentation`` with
  `fewseg.metrics`.
"""

from .learn.few_label_curves import few_label_curve, few_label_scores, paired_differences, summarise_scores
from .learn.plot import plot_few_label_curve

__all__ = ["few_label_curve", "few_label_scores", "paired_differences", "plot_few_label_curve", "summarise_scores"]
