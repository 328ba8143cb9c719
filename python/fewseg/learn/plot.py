"""Drawing few-label learning curves (needs matplotlib: the `plot` extra)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # matplotlib and pandas are needed only when drawing
    import pandas as pd
    from matplotlib.figure import Figure

    from .._typing import StrPath

DEFAULT_METRICS = ("balanced_accuracy", "roc_auc")


def plot_few_label_curve(
    table: pd.DataFrame,
    path: StrPath | None = None,
    *,
    metrics: Sequence[str] = DEFAULT_METRICS,
    title: str | None = None,
) -> Figure:
    """One panel per metric: mean score against the labelled fraction, +-1 std shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        A `few_label_curve` table (index fraction, method).
    path : str or Path, optional
        Where to save the figure (format from the suffix, e.g. .png, .svg).
    metrics : sequence of str
        Metrics to draw, each with ``<metric>_mean`` and ``<metric>_std`` columns.
    title : str, optional
        Figure title.

    Returns
    -------
    figure : matplotlib.figure.Figure

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg.evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (30, 2))])
    >>> y = np.repeat([0, 1], 30)
    >>> table = fewseg.evaluate.few_label_curve(X, y, fractions=(0.2, 1.0), n_repeats=2)
    >>> figure = fewseg.evaluate.plot_few_label_curve(table, metrics=("roc_auc",))
    >>> [axes.get_ylabel() for axes in figure.axes]
    ['roc auc']
    """
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError("plot_few_label_curve needs matplotlib: pip install fewseg[plot]") from exc
    missing = [m for m in metrics if f"{m}_mean" not in table.columns or f"{m}_std" not in table.columns]
    if missing:
        raise ValueError(f"metrics: {missing} have no _mean/_std columns in table")
    # A Figure without pyplot: no global state and no GUI backend, safe in batch jobs.
    figure = Figure(figsize=(4.5 * len(metrics), 3.8), layout="constrained")
    axes = figure.subplots(1, len(metrics), squeeze=False)[0]
    methods = list(dict.fromkeys(table.index.get_level_values("method")))
    for ax, metric in zip(axes, metrics):
        for method in methods:
            rows = table.xs(method, level="method")
            fractions = rows.index.to_numpy(dtype=float)
            mean, std = rows[f"{metric}_mean"].to_numpy(), rows[f"{metric}_std"].fillna(0).to_numpy()
            ax.plot(fractions, mean, marker="o", label=method)
            # Every score of the table lies in [0, 1]; a band past 1 would show AUCs that cannot be.
            ax.fill_between(fractions, np.clip(mean - std, 0, 1), np.clip(mean + std, 0, 1), alpha=0.15)
        ax.set_xscale("log")
        ax.set_xticks(fractions, [f"{f:g}" for f in fractions])
        ax.set_xlabel("fraction of training samples labelled")
        ax.set_ylabel(metric.replace("_", " "))
        ax.grid(alpha=0.3)
    axes[0].legend(loc="lower right", fontsize="small")
    if title:
        figure.suptitle(title)
    if path is not None:
        figure.savefig(path, dpi=120)
    return figure
