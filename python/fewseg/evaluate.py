"""Evaluating few-label classifiers: learning curves against the labelled fraction.

The implementation lives in `fewseg.learn` (the learning layer); this module is its public
name, ``fewseg.evaluate``.
"""

from .learn.evaluate import few_label_curve, few_label_scores, paired_differences, summarise_scores
from .learn.plot import plot_few_label_curve

__all__ = ["few_label_curve", "few_label_scores", "paired_differences", "plot_few_label_curve", "summarise_scores"]
