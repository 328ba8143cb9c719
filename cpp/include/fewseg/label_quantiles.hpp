// Per-label order statistics: every labelled pixel's value grouped by label (a counting
// sort), and numpy's median and linear-interpolation percentiles of a group.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "fewseg/dense_labels.hpp"

namespace fewseg {

// Calls body(r, c, label) for every labelled pixel, in raster order.
template <class Body>
void for_each_labelled(const DenseLabels& labels, Body&& body) {
    for (std::int64_t r = 0; r < labels.rows; ++r) {
        const std::int32_t* lab = labels.row(r + 1) + 1;
        for (std::int64_t c = 0; c < labels.cols; ++c)
            if (lab[c] != 0) body(r, c, lab[c]);
    }
}

// numpy.percentile(values, 100 * q) with the default "linear" method, on values[0..n)
// already partially ordered as needed (the function partitions them).
inline double linear_quantile(std::vector<double>& values, std::size_t begin, std::size_t n, double q) {
    const double size = static_cast<double>(n);
    const double virtual_index = size * q + (1.0 + q * -1.0) - 1.0;
    auto first = values.begin() + static_cast<std::ptrdiff_t>(begin);
    if (virtual_index >= size - 1) {
        return *std::max_element(first, first + static_cast<std::ptrdiff_t>(n));
    }
    const double below = std::floor(std::max(virtual_index, 0.0));
    const auto lo = static_cast<std::ptrdiff_t>(below);
    std::nth_element(first, first + lo, first + static_cast<std::ptrdiff_t>(n));
    const double a = first[lo];
    const double b = *std::min_element(first + lo + 1, first + static_cast<std::ptrdiff_t>(n));
    const double t = virtual_index - below;
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// numpy.median: the middle value, or the mean of the two middle values.
inline double median(std::vector<double>& values, std::size_t begin, std::size_t n) {
    auto first = values.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto half = static_cast<std::ptrdiff_t>(n / 2);
    std::nth_element(first, first + half, first + static_cast<std::ptrdiff_t>(n));
    const double upper = first[half];
    if (n % 2 == 1) return upper;
    const double lower = *std::max_element(first, first + half);
    return (lower + upper) / 2.0;
}

// Values of every labelled pixel grouped by label (counting sort): label k's values are
// values[offsets[k - 1], offsets[k]). `value(r, c)` gives each pixel's value.
template <class Value>
void group_by_label(const DenseLabels& labels, const std::vector<std::int64_t>& count,
                    Value&& value, std::vector<std::int64_t>& offsets, std::vector<double>& values) {
    offsets.assign(count.size() + 1, 0);
    for (std::size_t k = 0; k < count.size(); ++k) offsets[k + 1] = offsets[k] + count[k];
    values.resize(static_cast<std::size_t>(offsets.back()));
    std::vector<std::int64_t> next(offsets.begin(), offsets.end() - 1);
    for_each_labelled(labels, [&](std::int64_t r, std::int64_t c, std::int32_t l) {
        values[static_cast<std::size_t>(next[l - 1]++)] = value(r, c);
    });
}

}  // namespace fewseg
