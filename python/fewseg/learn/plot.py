"""Drawing few-label learning curves (needs matplotlib: the `plot` extra)."""

DEFAULT_METRICS = ("balanced_accuracy", "roc_auc")


def plot_few_label_curve(table, path=None, *, metrics=DEFAULT_METRICS, title=None):
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
            ax.fill_between(fractions, mean - std, mean + std, alpha=0.15)
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
