// The outer contours of every label of a label image, in one raster scan.
//
// For each label L the result equals cv2.findContours(label_image == L, RETR_EXTERNAL, ...)
// point for point: contours of the 8-connected parts of L that are not inside a hole of
// L, listed in OpenCV's order (last found first). This works in one scan because the scan
// of OpenCV's border following only ever looks at one row at a time and at marks left on
// the pixels of the label being traced: a pixel belongs to exactly one label, so one mark
// image serves every label, and the per-row state of the scan (the last marked pixel met,
// Suzuki's LNBD) is kept per label.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "fewseg/border_following.hpp"
#include "fewseg/contours.hpp"
#include "fewseg/dense_labels.hpp"

namespace fewseg {

struct LabelContours {
    ContourList contours;             // grouped by label, ascending; hierarchy left empty
    std::vector<std::int64_t> labels;  // label value of each contour
    std::vector<std::int32_t> dense;   // dense id (1..K) of each contour
};

inline LabelContours label_outer_contours(const DenseLabels& image, ChainApprox approx) {
    LabelContours out;
    const std::int64_t rows = image.rows, cols = image.cols, width = image.width;
    if (rows == 0 || cols == 0 || image.count() == 0) return out;
    const border::Directions dirs(width);
    const bool every_point = approx == ChainApprox::none;
    const std::int32_t* index = image.index.data();

    std::vector<std::int8_t> marks(image.index.size());
    for (std::size_t i = 0; i < marks.size(); ++i) marks[i] = index[i] != 0;
    std::int8_t* m = marks.data();

    // Per label: the row and column of the last marked pixel met (column 0: none yet).
    const std::size_t n_labels = static_cast<std::size_t>(image.count()) + 1;
    std::vector<std::int64_t> last_row(n_labels, -1), last_col(n_labels, 0);
    auto remember = [&](std::int32_t label, std::int64_t y, std::int64_t x) {
        last_row[label] = y;
        last_col[label] = x;
    };

    std::vector<std::int32_t> points;
    std::vector<std::int64_t> begin;
    std::vector<std::int32_t> owner;

    for (std::int64_t y = 1; y <= rows; ++y) {
        const std::int32_t* lab = index + y * width;
        std::int8_t* mk = m + y * width;
        for (std::int64_t x = 1; x <= cols; ++x) {
            const std::int32_t a = lab[x - 1], b = lab[x];
            if (a == b) {
                // Inside a run of one label: only a change of mark is an event for it.
                if (a != 0 && mk[x - 1] != mk[x] && mk[x] != 1) remember(a, y, x);
                continue;
            }
            // Label a ends here: a hole would start, which the external mode skips, but a
            // positively marked pixel before it still becomes the last one met.
            if (a != 0 && mk[x - 1] == 2) remember(a, y, x - 1);
            if (b == 0) continue;
            if (mk[x] != 1) {  // already on a traced border of b
                remember(b, y, x);
                continue;
            }
            const std::int64_t last = last_row[b] == y ? last_col[b] : 0;
            if (last > 0 && mk[last] > 0) continue;  // inside a hole of b: not external

            const std::int32_t label = b;
            auto is_label = [index, label](std::int64_t i) { return index[i] == label; };
            begin.push_back(static_cast<std::int64_t>(points.size() / 2));
            owner.push_back(label);
            border::follow_border<std::int8_t>(m, is_label, dirs, y * width + x, x, y, false, 2,
                                               -2, every_point, points);
            remember(b, y, x);
        }
    }

    // Group by label; within a label, last found first (OpenCV's sibling order).
    const std::size_t n = owner.size();
    std::vector<std::int64_t> end(begin.begin() + 1, begin.end());
    end.push_back(static_cast<std::int64_t>(points.size() / 2));
    std::vector<std::int32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::int32_t>(i);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t i, std::int32_t j) {
        return owner[i] != owner[j] ? owner[i] < owner[j] : i > j;
    });
    auto& c = out.contours;
    c.points.reserve(points.size());
    c.offsets.reserve(n + 1);
    c.offsets.push_back(0);
    for (std::int32_t i : order) {
        c.points.insert(c.points.end(), points.begin() + 2 * begin[i], points.begin() + 2 * end[i]);
        c.offsets.push_back(static_cast<std::int64_t>(c.points.size() / 2));
        out.dense.push_back(owner[i]);
        out.labels.push_back(image.values[owner[i] - 1]);
    }
    return out;
}

}  // namespace fewseg
