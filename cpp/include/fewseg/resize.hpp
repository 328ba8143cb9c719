// Resampling of 2-D images (with an optional trailing channel axis) by separable weights.
//
// Both methods map pixel centres as scikit-image and OpenCV do: output pixel i covers the
// input interval [i * s, (i + 1) * s) with s = input size / output size.
// - area: each output pixel is the mean of the input pixels it covers, weighted by the
//   covered fraction (OpenCV's INTER_AREA when shrinking). Shrinking only: every input
//   pixel contributes, so no detail aliases, and the cost is one pass over the input.
// - bilinear: linear interpolation at input coordinate (i + 0.5) * s - 0.5, clamped to
//   the first and last pixel centres (scikit-image's resize, order=1, mode="edge").
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "fewseg/strided.hpp"

namespace fewseg {

// For every output index, the input indices it reads and their weights (summing to 1).
struct AxisWeights {
    std::vector<std::int64_t> first;   // first[i]: offset into index/weight of output i
    std::vector<std::int64_t> index;
    std::vector<double> weight;
};

inline AxisWeights area_weights(std::int64_t in, std::int64_t out) {
    if (out < 1 || in < out) throw std::invalid_argument("area resampling only shrinks an axis");
    AxisWeights w;
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (std::int64_t i = 0; i < out; ++i) {
        w.first.push_back(static_cast<std::int64_t>(w.index.size()));
        const double lo = i * scale, hi = (i + 1) * scale;
        const auto start = static_cast<std::int64_t>(std::floor(lo));
        const auto stop = std::min(in, static_cast<std::int64_t>(std::ceil(hi)));
        for (std::int64_t j = start; j < stop; ++j) {
            const double covered = std::min(hi, j + 1.0) - std::max(lo, static_cast<double>(j));
            if (covered <= 1e-12) continue;
            w.index.push_back(j);
            w.weight.push_back(covered / scale);
        }
    }
    w.first.push_back(static_cast<std::int64_t>(w.index.size()));
    return w;
}

inline AxisWeights bilinear_weights(std::int64_t in, std::int64_t out) {
    if (out < 1 || in < 1) throw std::invalid_argument("bilinear resampling needs non-empty axes");
    AxisWeights w;
    const double scale = static_cast<double>(in) / static_cast<double>(out);
    for (std::int64_t i = 0; i < out; ++i) {
        w.first.push_back(static_cast<std::int64_t>(w.index.size()));
        const double x = std::clamp((i + 0.5) * scale - 0.5, 0.0, static_cast<double>(in - 1));
        const auto left = std::min(static_cast<std::int64_t>(std::floor(x)), in - 1);
        const double t = x - left;
        w.index.push_back(left);
        w.weight.push_back(1.0 - t);
        if (t > 0 && left + 1 < in) {
            w.index.push_back(left + 1);
            w.weight.push_back(t);
        }
    }
    w.first.push_back(static_cast<std::int64_t>(w.index.size()));
    return w;
}

// Resamples `image` ((rows, cols) or (rows, cols, channels), any strides) with the row
// and column weights; writes a C-ordered (out_rows, out_cols[, channels]) array of Out.
template <class In, class Out>
void resample_separable(const StridedView<In>& image, const AxisWeights& rows,
                        const AxisWeights& cols, Out* out) {
    const std::size_t ndim = image.shape.size();
    if (ndim != 2 && ndim != 3) throw std::invalid_argument("image must be 2-D or 3-D (channels last)");
    const std::int64_t in_rows = image.shape[0], in_cols = image.shape[1];
    const std::int64_t channels = ndim == 3 ? image.shape[2] : 1;
    const std::int64_t chan_stride = ndim == 3 ? image.strides[2] : 0;
    const auto out_rows = static_cast<std::int64_t>(rows.first.size()) - 1;
    const auto out_cols = static_cast<std::int64_t>(cols.first.size()) - 1;
    for (auto j : rows.index)
        if (j < 0 || j >= in_rows) throw std::invalid_argument("row weights read outside the image");
    for (auto j : cols.index)
        if (j < 0 || j >= in_cols) throw std::invalid_argument("column weights read outside the image");
    if (out_rows <= 0 || out_cols <= 0 || channels <= 0) return;

    // Each input row is resampled along columns once, into a ring of as many rows as one
    // output row reads: output rows read their input rows in non-decreasing order, so a
    // row leaves the ring only once no later output row needs it.
    std::int64_t ring_rows = 1;
    for (std::int64_t i = 0; i < out_rows; ++i) {
        ring_rows = std::max(ring_rows, rows.first[i + 1] - rows.first[i]);
        if (i > 0 && rows.index[rows.first[i]] < rows.index[rows.first[i - 1]])
            throw std::invalid_argument("row weights must read rows in non-decreasing order");
    }
    const auto row_size = static_cast<std::size_t>(out_cols * channels);
    std::vector<double> ring(static_cast<std::size_t>(ring_rows) * row_size);
    std::vector<std::int64_t> held(static_cast<std::size_t>(ring_rows), -1);  // the input row in each slot
    auto across = [&](std::int64_t r) -> const double* {
        const auto slot = static_cast<std::size_t>(r % ring_rows);
        double* dst = ring.data() + slot * row_size;
        if (held[slot] == r) return dst;
        held[slot] = r;
        const char* src_row = image.data + r * image.strides[0];
        for (std::int64_t o = 0; o < out_cols; ++o) {
            for (std::int64_t c = 0; c < channels; ++c) {
                double acc = 0.0;
                for (std::int64_t m = cols.first[o]; m < cols.first[o + 1]; ++m) {
                    const char* p = src_row + cols.index[m] * image.strides[1] + c * chan_stride;
                    acc += cols.weight[m] * static_cast<double>(*reinterpret_cast<const In*>(p));
                }
                dst[o * channels + c] = acc;
            }
        }
        return dst;
    };

    std::vector<double> sum(row_size);
    for (std::int64_t i = 0; i < out_rows; ++i) {
        std::fill(sum.begin(), sum.end(), 0.0);
        for (std::int64_t k = rows.first[i]; k < rows.first[i + 1]; ++k) {
            const double* row = across(rows.index[k]);
            const double wr = rows.weight[k];
            for (std::size_t q = 0; q < row_size; ++q) sum[q] += wr * row[q];
        }
        Out* dst = out + i * out_cols * channels;
        for (std::size_t q = 0; q < row_size; ++q) dst[q] = static_cast<Out>(sum[q]);
    }
}

}  // namespace fewseg
