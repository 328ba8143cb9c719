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
#include <cstring>
#include <vector>

#include "fewseg/border_following.hpp"
#include "fewseg/contours.hpp"
#include "fewseg/dense_labels.hpp"
#include "fewseg/large_buffer.hpp"
#include "fewseg/runs.hpp"

namespace fewseg {

struct LabelContours {
    ContourList contours;             // grouped by label, ascending; hierarchy left empty
    std::vector<std::int64_t> labels;  // label value of each contour
    std::vector<std::int32_t> dense;   // dense id (1..K) of each contour

    // Calls body(slot, first, end) once per label that has contours, in ascending order:
    // slot = dense id - 1, and contours [first, end) are that label's.
    template <class Body>
    void for_each_label(Body&& body) const {
        const std::size_t n = contours.size();
        for (std::size_t i = 0, j; i < n; i = j) {
            for (j = i + 1; j < n && dense[j] == dense[i];) ++j;
            body(static_cast<std::size_t>(dense[i] - 1), i, j);
        }
    }
};

inline LabelContours label_outer_contours(const DenseLabels& image, ChainApprox approx) {
    LabelContours out;
    const std::int64_t rows = image.rows, cols = image.cols, width = image.width;
    if (rows == 0 || cols == 0 || image.count() == 0) return out;
    const border::Directions dirs(width);
    const bool every_point = approx == ChainApprox::none;
    const std::int32_t* index = image.index();

    // Marks of labelled pixels: unvisited, or left by a traced border (Suzuki's NBD and
    // -NBD; one value each suffices in the external mode).
    constexpr std::int8_t kUnvisited = 0, kNew = 2, kRight = -2;
    auto marks = allocate_large<std::int8_t>(static_cast<std::size_t>(image.total));
    std::int8_t* m = marks.get();
    std::memset(m, kUnvisited, static_cast<std::size_t>(image.total));

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

    // OpenCV's scan of label L's own image stops where L's value (0, or L's mark) changes
    // along the row. In the label image those places are the starts of runs of equal
    // labels (L begins or ends) and, inside a run of L, the places where the mark changes;
    // there only the last one matters, as it only updates L's last marked pixel.
    RowRuns runs;
    for (std::int64_t y = 1; y <= rows; ++y) {
        const std::int32_t* lab = index + y * width;
        std::int8_t* mk = m + y * width;
        runs.load(lab + 1, cols);  // run positions are then x - 1
        std::int64_t x = 1;
        while (x <= cols) {
            const std::int32_t a = lab[x - 1], b = lab[x];
            const std::int64_t end = runs.end_of(x - 1) + 1;
            // Label a ends here: a hole would start, which the external mode skips, but a
            // positively marked pixel before it still becomes the last one met.
            if (a != 0 && mk[x - 1] == kNew) remember(a, y, x - 1);
            if (b != 0) {
                if (mk[x] != kUnvisited) {  // already on a traced border of b
                    remember(b, y, x);
                } else {
                    const std::int64_t last = last_row[b] == y ? last_col[b] : 0;
                    if (!(last > 0 && mk[last] == kNew)) {  // else inside a hole of b
                        const std::int32_t label = b;
                        auto is_label = [index, label](std::int64_t i) { return index[i] == label; };
                        begin.push_back(static_cast<std::int64_t>(points.size() / 2));
                        owner.push_back(label);
                        border::follow_border<std::int8_t>(m, is_label, dirs, y * width + x, x, y, false,
                                                           kUnvisited, kNew, kRight, every_point, points);
                        remember(b, y, x);
                    }
                }
                // The last change of mark inside the run, to a marked value.
                std::int64_t p = end - 1;
                while (p > x && mk[p] == kUnvisited) --p;
                if (p > x) {
                    std::int64_t q = p;
                    while (q > x && mk[q - 1] == mk[p]) --q;
                    if (q > x) remember(b, y, q);
                }
            }
            x = end;
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
