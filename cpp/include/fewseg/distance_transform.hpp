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

namespace fewseg {

namespace detail {

// Squared distance from x to the parabola of column u (height g^2).
inline std::int64_t parabola(std::int64_t x, std::int64_t u, std::int64_t g) { return (x - u) * (x - u) + g * g; }

// First x from which the parabola of u beats (or ties) the parabola of i < u (floor division).
inline std::int64_t separation(std::int64_t i, std::int64_t u, std::int64_t gi, std::int64_t gu) {
    const std::int64_t numerator = u * u - i * i + gu * gu - gi * gi;
    const std::int64_t denominator = 2 * (u - i);
    std::int64_t q = numerator / denominator;
    if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0))) --q;
    return q;
}

// Squared distances along one row from the column distances g[0..n).
inline void envelope_row(const std::int32_t* g, std::int64_t n, std::int64_t* sites, std::int64_t* starts,
                         std::int64_t* out) {
    std::int64_t q = 0;
    sites[0] = 0;
    starts[0] = 0;
    for (std::int64_t u = 1; u < n; ++u) {
        while (q >= 0 && parabola(starts[q], sites[q], g[sites[q]]) > parabola(starts[q], u, g[u])) --q;
        if (q < 0) {
            q = 0;
            sites[0] = u;
        } else {
            const std::int64_t w = 1 + separation(sites[q], u, g[sites[q]], g[u]);
            if (w < n) {
                ++q;
                sites[q] = u;
                starts[q] = w;
            }
        }
    }
    for (std::int64_t x = n - 1; x >= 0; --x) {
        out[x] = parabola(x, sites[q], g[sites[q]]);
        if (x == starts[q]) --q;
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
        for (std::int64_t x = 0; x < cols; ++x) {
            const bool foreground = *reinterpret_cast<const T*>(src + x * image.strides[1]) != T(0);
            const std::int32_t before = above ? std::min(above[x] + 1, far) : far;
            here[x] = foreground ? before : 0;
        }
    }
    for (std::int64_t y = rows - 1; y-- > 0;) {
        std::int32_t* here = g.data() + y * cols;
        const std::int32_t* below = here + cols;
        for (std::int64_t x = 0; x < cols; ++x) here[x] = std::min(here[x], below[x] + 1);
    }
    std::vector<std::int64_t> sites(cols), starts(cols), squared(cols);
    const std::int64_t unreachable = std::int64_t{far} * far;
    for (std::int64_t y = 0; y < rows; ++y) {
        detail::envelope_row(g.data() + y * cols, cols, sites.data(), starts.data(), squared.data());
        double* dst = out + y * cols;
        for (std::int64_t x = 0; x < cols; ++x)
            dst[x] = squared[x] >= unreachable ? std::numeric_limits<double>::infinity()
                                               : std::sqrt(static_cast<double>(squared[x]));
    }
}

}  // namespace fewseg
