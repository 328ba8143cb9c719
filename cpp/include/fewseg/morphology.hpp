// Flat grey-level erosion and dilation of 2-D images with any footprint, in time linear in
// the number of pixels for every footprint row.
//
// A flat footprint is a union of horizontal runs (chords). The minimum (or maximum) over a
// run of length L is a sliding-window extremum of width L along one image row, which the
// van Herk / Gil-Werman algorithm computes in three comparisons per pixel whatever L is.
// The result is the extremum of these row extrema, shifted by each run's offset: the cost
// is O(pixels x (distinct run lengths + runs)) instead of O(pixels x footprint area).
//
// The image arrives already padded (the caller chooses the border rule), C-ordered, so
// that every run of the footprint stays inside it: output pixel (y, x) reads padded rows
// y + run.row and columns x + run.col .. x + run.col + run.length - 1.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

namespace fewseg {

// One horizontal chord of a footprint, in padded-image coordinates relative to the output
// pixel: rows `row`, columns `col` .. `col + length - 1`.
struct FootprintRun {
    std::int64_t row = 0;
    std::int64_t col = 0;
    std::int64_t length = 1;
};

enum class Extremum { minimum, maximum };

namespace detail {

template <class T, Extremum E>
struct Pick {
    static T better(T a, T b) {
        if constexpr (E == Extremum::minimum) return b < a ? b : a;
        else return a < b ? b : a;
    }
    static T identity() {
        if constexpr (E == Extremum::minimum) {
            if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
            else return std::numeric_limits<T>::max();
        } else {
            if constexpr (std::numeric_limits<T>::has_infinity) return -std::numeric_limits<T>::infinity();
            else return std::numeric_limits<T>::lowest();
        }
    }
};

// Sliding extremum of width `width` over `n` values: out[i] = pick(row[i .. i + width - 1])
// for i in [0, n - width]. van Herk / Gil-Werman: within blocks of `width` values, a
// forward running extremum `ahead` and a backward one `behind`; a window straddles at
// most two blocks, so its extremum is pick(behind[i], ahead[i + width - 1]).
template <class T, Extremum E>
void sliding_extremum(const T* row, std::int64_t n, std::int64_t width, T* ahead, T* behind, T* out) {
    using P = Pick<T, E>;
    for (std::int64_t start = 0; start < n; start += width) {
        const std::int64_t stop = std::min(n, start + width);
        ahead[start] = row[start];
        for (std::int64_t i = start + 1; i < stop; ++i) ahead[i] = P::better(ahead[i - 1], row[i]);
        behind[stop - 1] = row[stop - 1];
        for (std::int64_t i = stop - 1; i-- > start;) behind[i] = P::better(behind[i + 1], row[i]);
    }
    for (std::int64_t i = 0; i + width <= n; ++i) out[i] = P::better(behind[i], ahead[i + width - 1]);
}

template <class T, Extremum E>
void flat_extremum(const T* padded, std::int64_t padded_rows, std::int64_t padded_cols,
                   std::int64_t out_rows, std::int64_t out_cols,
                   const std::vector<FootprintRun>& runs, T* out) {
    using P = Pick<T, E>;
    std::fill(out, out + out_rows * out_cols, P::identity());
    // Runs grouped by length: one sliding pass over the padded image per distinct length.
    std::map<std::int64_t, std::vector<FootprintRun>> by_length;
    for (const auto& r : runs) by_length[r.length].push_back(r);

    std::vector<T> extrema, ahead(padded_cols), behind(padded_cols);
    for (const auto& [length, group] : by_length) {
        const T* source = padded;
        std::int64_t source_cols = padded_cols;
        if (length > 1) {
            source_cols = padded_cols - length + 1;
            extrema.resize(static_cast<std::size_t>(padded_rows * source_cols));
            for (std::int64_t y = 0; y < padded_rows; ++y)
                sliding_extremum<T, E>(padded + y * padded_cols, padded_cols, length, ahead.data(),
                                       behind.data(), extrema.data() + y * source_cols);
            source = extrema.data();
        }
        for (const auto& r : group) {
            for (std::int64_t y = 0; y < out_rows; ++y) {
                const T* src = source + (y + r.row) * source_cols + r.col;
                T* dst = out + y * out_cols;
                for (std::int64_t x = 0; x < out_cols; ++x) dst[x] = P::better(dst[x], src[x]);
            }
        }
    }
}

}  // namespace detail

// out (out_rows x out_cols, C order) = per-pixel minimum or maximum of `padded` over the
// footprint `runs`. Throws std::invalid_argument when a run would read outside `padded`.
template <class T>
void flat_morphology_2d(const T* padded, std::int64_t padded_rows, std::int64_t padded_cols,
                        std::int64_t out_rows, std::int64_t out_cols,
                        const std::vector<FootprintRun>& runs, Extremum which, T* out) {
    if (padded_rows < 0 || padded_cols < 0 || out_rows < 0 || out_cols < 0)
        throw std::invalid_argument("negative image dimension");
    if (runs.empty()) throw std::invalid_argument("footprint has no pixel set");
    for (const auto& r : runs) {
        if (r.length < 1 || r.row < 0 || r.col < 0 || r.row + out_rows > padded_rows ||
            r.col + r.length - 1 + out_cols > padded_cols)
            throw std::invalid_argument("footprint run reads outside the padded image");
    }
    if (out_rows == 0 || out_cols == 0) return;
    if (which == Extremum::minimum)
        detail::flat_extremum<T, Extremum::minimum>(padded, padded_rows, padded_cols, out_rows, out_cols, runs, out);
    else
        detail::flat_extremum<T, Extremum::maximum>(padded, padded_rows, padded_cols, out_rows, out_cols, runs, out);
}

}  // namespace fewseg
