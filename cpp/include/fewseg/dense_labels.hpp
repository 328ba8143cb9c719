// A label image renumbered 1..K in ascending label order (0 stays background), padded by
// one background pixel on every side: the common input of the all-labels kernels, which
// then index per-label tables directly and never test image bounds.
#pragma once

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "fewseg/strided.hpp"

namespace fewseg {

struct DenseLabels {
    std::int64_t rows = 0, cols = 0, width = 2;  // width = cols + 2
    std::vector<std::int32_t> index;             // (rows + 2) x (cols + 2), C order
    std::vector<std::int64_t> values;            // values[k - 1] is the label of dense id k

    std::int32_t count() const { return static_cast<std::int32_t>(values.size()); }
    const std::int32_t* row(std::int64_t padded_row) const { return index.data() + padded_row * width; }

    template <class Label>
    static DenseLabels from(const StridedView<Label>& image);
};

namespace dense_detail {

template <class Label, class Body>
void for_each_row(const StridedView<Label>& image, Body&& body) {
    const std::int64_t step = image.strides[1];
    for (std::int64_t r = 0; r < image.shape[0]; ++r) {
        const char* src = image.data + r * image.strides[0];
        body(r, src, step);
    }
}

template <class Label>
inline Label at(const char* row, std::int64_t step, std::int64_t c) {
    return *reinterpret_cast<const Label*>(row + c * step);
}

}  // namespace dense_detail

template <class Label>
DenseLabels DenseLabels::from(const StridedView<Label>& image) {
    using dense_detail::at;
    if (image.shape.size() != 2) throw std::invalid_argument("label image must be 2-D");
    DenseLabels out;
    out.rows = image.shape[0];
    out.cols = image.shape[1];
    out.width = out.cols + 2;
    const std::int64_t total = checked_size({out.rows + 2, out.cols + 2});
    if (out.rows >= INT32_MAX - 2 || out.cols >= INT32_MAX - 2 || total >= INT32_MAX)
        throw std::invalid_argument("label image too large (at most 2^31 pixels)");
    out.index.assign(static_cast<std::size_t>(total), 0);
    if (out.rows == 0 || out.cols == 0) return out;

    Label lo = at<Label>(image.data, 0, 0), hi = lo;
    dense_detail::for_each_row(image, [&](std::int64_t, const char* src, std::int64_t step) {
        for (std::int64_t c = 0; c < out.cols; ++c) {
            const Label v = at<Label>(src, step, c);
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    });
    if (lo < 0) throw std::invalid_argument("label image has negative labels");

    const std::int64_t pixels = out.rows * out.cols;
    if (static_cast<std::int64_t>(hi) <= pixels + 65536) {
        // Small label values: a lookup table from value to dense id.
        std::vector<std::int32_t> lut(static_cast<std::size_t>(hi) + 1, 0);
        dense_detail::for_each_row(image, [&](std::int64_t r, const char* src, std::int64_t step) {
            std::int32_t* dst = out.index.data() + (r + 1) * out.width + 1;
            for (std::int64_t c = 0; c < out.cols; ++c) {
                const auto v = static_cast<std::int32_t>(at<Label>(src, step, c));
                dst[c] = v;
                lut[v] = 1;
            }
        });
        lut[0] = 0;
        std::int32_t next = 0;
        for (std::size_t v = 1; v < lut.size(); ++v)
            if (lut[v]) {
                lut[v] = ++next;
                out.values.push_back(static_cast<std::int64_t>(v));
            }
        for (auto& v : out.index) v = lut[v];
        return out;
    }

    // Sparse large label values: provisional ids in order of appearance, then sorted.
    std::unordered_map<std::int64_t, std::int32_t> ids;
    std::vector<std::int64_t> seen;
    std::int64_t last_value = -1;
    std::int32_t last_id = 0;
    dense_detail::for_each_row(image, [&](std::int64_t r, const char* src, std::int64_t step) {
        std::int32_t* dst = out.index.data() + (r + 1) * out.width + 1;
        for (std::int64_t c = 0; c < out.cols; ++c) {
            const auto v = static_cast<std::int64_t>(at<Label>(src, step, c));
            if (v == 0) continue;
            if (v != last_value) {
                auto [it, added] = ids.emplace(v, static_cast<std::int32_t>(seen.size() + 1));
                if (added) seen.push_back(v);
                last_value = v;
                last_id = it->second;
            }
            dst[c] = last_id;
        }
    });
    std::vector<std::int32_t> order(seen.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::int32_t>(i);
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return seen[a] < seen[b]; });
    std::vector<std::int32_t> rank(seen.size() + 1, 0);
    for (std::size_t k = 0; k < order.size(); ++k) {
        rank[order[k] + 1] = static_cast<std::int32_t>(k + 1);
        out.values.push_back(seen[order[k]]);
    }
    for (auto& v : out.index) v = rank[v];
    return out;
}

}  // namespace fewseg
