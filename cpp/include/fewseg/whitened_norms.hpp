// Squared norms of whitened vectors: |(x_i - mean) W|^2 for every row x_i of an (n, d)
// array. With W the Cholesky factor of an inverse covariance (W W^T = inverse), that is
// the squared Mahalanobis distance of each row to a Gaussian: the colour model evaluates
// it for every pixel of an image, and in numpy it costs a centred copy, a product and a
// square per pixel, each through memory; here it is one pass.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "fewseg/strided.hpp"

namespace fewseg {

// Longest rows accepted: the centred row lives on the stack.
constexpr std::int64_t kMaxWhitenedDims = 16;

namespace detail {

// kDims > 0: the width known at compile time (the loops unroll); 0: read from `d`.
template <int kDims, class T>
void whitened_rows(const StridedView<T>& x, std::int64_t d, const double* mean, const double* whiten, double* out) {
    if constexpr (kDims > 0) d = kDims;
    const std::int64_t n = x.shape[0], row_stride = x.strides[0], col_stride = x.strides[1];
    double centred[kMaxWhitenedDims];
    for (std::int64_t i = 0; i < n; ++i) {
        const char* row = x.data + i * row_stride;
        for (std::int64_t j = 0; j < d; ++j)
            centred[j] = static_cast<double>(*reinterpret_cast<const T*>(row + j * col_stride)) - mean[j];
        double norm = 0.0;
        for (std::int64_t k = 0; k < d; ++k) {
            double y = 0.0;
            for (std::int64_t j = 0; j < d; ++j) y += centred[j] * whiten[j * d + k];
            norm += y * y;
        }
        out[i] = norm;
    }
}

}  // namespace detail

// `x`: (n, d), any strides; `mean`: d values; `whiten`: d x d, row-major; writes n values.
template <class T>
void whitened_squared_norms(const StridedView<T>& x, const double* mean, const double* whiten, double* out) {
    if (x.shape.size() != 2) throw std::invalid_argument("x must be 2-D");
    const std::int64_t d = x.shape[1];
    if (d < 1 || d > kMaxWhitenedDims) throw std::invalid_argument("x: rows of 1 to 16 values expected");
    // Colours: three values per pixel.
    if (d == 3) detail::whitened_rows<3>(x, d, mean, whiten, out);
    else detail::whitened_rows<0>(x, d, mean, whiten, out);
}

}  // namespace fewseg
