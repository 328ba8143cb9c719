// Exact Euclidean distance transform of a 2-D binary image: for every foreground (nonzero)
// pixel, the distance to the nearest background (zero) pixel; 0 on the background.
//
// Meijster, Roerdink and Hesselink's two passes, in integers, so distances are exact
// (the square root of an exact integer, the same value scipy.ndimage's transform gives):
//   1. down every column, the distance to the nearest background pixel in that column
//      (a forward and a backward sweep, run over whole rows so the loops vectorise);
//   2. along every row, the lower envelope of the parabolas (x - u)^2 + column_distance(u)^2,
//      whose minimum at x is the squared distance.
// Both passes are linear in the number of pixels.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

#include "fewseg/strided.hpp"
#include "fewseg/vector_clones.hpp"

namespace fewseg {

namespace detail {

// Squared distance from x to the parabola of column u (height g^2). I is the integer type
// of the arithmetic: 32 bits where the image is small enough (its divisions are several
// times faster), 64 otherwise.
template <class I>
inline I parabola(I x, I u, I g) { return (x - u) * (x - u) + g * g; }

// First x from which the parabola of u beats (or ties) the parabola of i < u (floor division).
template <class I>
inline I separation(I i, I u, I gi, I gu) {
    const I numerator = u * u - i * i + gu * gu - gi * gi;
    const I denominator = 2 * (u - i);
    I q = numerator / denominator;
    if ((numerator % denominator != 0) && (numerator < 0)) --q;
    return q;
}

// Squared distances along one row from the column distances g[0..n).
template <class I>
void envelope_row(const std::int32_t* g, I n, I* sites, I* starts, I* out) {
    I q = 0;
    sites[0] = 0;
    starts[0] = 0;
    for (I u = 1; u < n; ++u) {
        while (q >= 0 && parabola<I>(starts[q], sites[q], g[sites[q]]) > parabola<I>(starts[q], u, g[u])) --q;
        if (q < 0) {
            q = 0;
            sites[0] = u;
        } else {
            const I w = 1 + separation<I>(sites[q], u, g[sites[q]], g[u]);
            if (w < n) {
                ++q;
                sites[q] = u;
                starts[q] = w;
            }
        }
    }
    for (I x = n - 1; x >= 0; --x) {
        out[x] = parabola<I>(x, sites[q], g[sites[q]]);
        if (x == starts[q]) --q;
    }
}

// Pass 1, one contiguous row: distance down the column to the last background pixel above.
template <class T>
FEWSEG_VECTOR_CLONES inline void down_step(const T* __restrict row, const std::int32_t* __restrict above,
                                           std::int32_t far, std::int64_t cols, std::int32_t* __restrict here) {
    if (above == nullptr) {
        for (std::int64_t x = 0; x < cols; ++x) here[x] = row[x] != T(0) ? far : 0;
        return;
    }
    for (std::int64_t x = 0; x < cols; ++x) here[x] = row[x] != T(0) ? std::min(above[x] + 1, far) : 0;
}

FEWSEG_VECTOR_CLONES inline void up_step(const std::int32_t* __restrict below, std::int64_t cols,
                                         std::int32_t* __restrict here) {
    for (std::int64_t x = 0; x < cols; ++x) here[x] = std::min(here[x], below[x] + 1);
}

// Pass 2 over every row of the column distances g, writing distances (or infinity at or
// beyond `far`, where the image has no background at all).
template <class I>
void rows_pass(const std::vector<std::int32_t>& g, std::int64_t rows, std::int64_t cols, std::int32_t far,
               double* out) {
    std::vector<I> sites(cols), starts(cols), squared(cols);
    const I unreachable = static_cast<I>(far) * static_cast<I>(far);
    for (std::int64_t y = 0; y < rows; ++y) {
        envelope_row<I>(g.data() + y * cols, static_cast<I>(cols), sites.data(), starts.data(), squared.data());
        double* dst = out + y * cols;
        for (std::int64_t x = 0; x < cols; ++x)
            dst[x] = squared[x] >= unreachable ? std::numeric_limits<double>::infinity()
                                               : std::sqrt(static_cast<double>(squared[x]));
    }
}

}  // namespace detail

// out (rows x cols, C order): the Euclidean distance of every pixel of `image` (nonzero =
// foreground, any strides) to the nearest zero pixel. Where the image has no zero pixel at
// all the distance is infinite (scipy.ndimage returns distances to a point outside the
// image instead).
template <class T>
void distance_transform_edt_2d(const StridedView<T>& image, double* out) {
    if (image.shape.size() != 2 || image.strides.size() != 2) throw std::invalid_argument("input: expected a 2-D array");
    const std::int64_t rows = image.shape[0], cols = image.shape[1];
    checked_size(image.shape);
    if (rows == 0 || cols == 0) return;
    // Column distances saturate at `far`: more than any real distance, small enough to square.
    if (rows + cols >= std::numeric_limits<std::int32_t>::max() / 2)
        throw std::invalid_argument("input: too large for the distance transform");
    const auto far = static_cast<std::int32_t>(rows + cols);
    std::vector<std::int32_t> g(static_cast<std::size_t>(rows * cols));
    for (std::int64_t y = 0; y < rows; ++y) {
        const char* src = image.data + y * image.strides[0];
        std::int32_t* here = g.data() + y * cols;
        const std::int32_t* above = y > 0 ? here - cols : nullptr;
        if (image.strides[1] == static_cast<std::int64_t>(sizeof(T)))
            detail::down_step(reinterpret_cast<const T*>(src), above, far, cols, here);
        else
            for (std::int64_t x = 0; x < cols; ++x) {
                const bool foreground = *reinterpret_cast<const T*>(src + x * image.strides[1]) != T(0);
                here[x] = foreground ? (above ? std::min(above[x] + 1, far) : far) : 0;
            }
    }
    for (std::int64_t y = rows - 1; y-- > 0;) {
        std::int32_t* here = g.data() + y * cols;
        const std::int32_t* below = here + cols;
        detail::up_step(below, cols, here);
    }
    // The row pass forms values up to 2 * far^2: within 32 bits for images up to 20000 pixels across.
    if (far < 20000) detail::rows_pass<std::int32_t>(g, rows, cols, far, out);
    else detail::rows_pass<std::int64_t>(g, rows, cols, far, out);
}

}  // namespace fewseg
