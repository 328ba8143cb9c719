"""The few-label report end to end on a small ISIC-like folder: it scores the fixed
validation part with every method and both views."""

from fake_isic import fake_isic

from fewseg.data import isic2017_names, isic2017_split
from fewseg.reports.few_label import feature_matrix, load_data_set, main


def test_report_on_an_isic_folder(tmp_path, capsys):
    isic = fake_isic(tmp_path / "isic", n=60)
    data = load_data_set(isic, "expert", repeats=2)
    train, test = data.splits[0]
    names = isic2017_names(isic)
    assert sorted(names[i] for i in test) == sorted(isic2017_split(names)["validation"])
    X, feature_names, views = feature_matrix(data.images, data.masks, "both")
    assert X.shape == (60, 41 + 32) and feature_names[41] == "learned_00"
    assert views == [list(range(41)), list(range(41, 73))]
    # every hand-made descriptor but the two in pixels, whose relative twins stand for them
    assert "max_span" not in feature_names and "contour_area" not in feature_names
    assert "relative_span" in feature_names and "relative_area" in feature_names

    assert main(["--data", str(isic), "--repeats", "2", "--out", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    for method in ("labels_only", "sklearn_self_training", "fewseg_self_training", "fewseg_co_training"):
        assert method in printed
    assert "the fixed validation part" in printed
    assert (tmp_path / "out" / "isic2017_melanoma_vs_rest_curve.csv").is_file()
