// Gaussian smoothing and Gaussian derivatives of 2-D images (optionally with a trailing
// channel axis, filtered channel by channel), with the sampled kernels and the "reflect"
// border of scipy.ndimage.gaussian_filter, so results agree with it to rounding.
//
// The filter is separable: a pass along the rows (axis 1), then one along the columns
// (axis 0). Both passes are written so that the innermost loop runs over consecutive
// memory, one kernel tap at a time, which compilers vectorise:
//   - the row pass copies each row once into a buffer extended by the reflected border;
//     an output pixel is then sum_k w[k] * buffer[x + k], and the channels of a pixel
//     simply ride along (a tap shifts by whole pixels, i.e. by `channels` values);
//   - the column pass combines whole rows, out_row(y) = sum_k w[k] * row(y + k), over a
//     block of columns narrow enough that the 2 * radius + 1 rows it reads stay in cache.
// Kernels are symmetric (smoothing) or antisymmetric (first derivative), so each pass
// adds the two samples at +k and -k before multiplying: half the multiplications.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "fewseg/strided.hpp"
#include "fewseg/vector_clones.hpp"

namespace fewseg {

// Sigmas at or below this leave an axis unfiltered, as in scipy.ndimage.
constexpr double kNoSmoothing = 1e-15;
// Longest kernel half-width accepted: beyond it the weights alone would not fit in memory.
constexpr std::int64_t kMaxGaussianRadius = std::int64_t{1} << 22;

// One axis's correlation kernel, kept as its half from the centre outwards:
// out[x] = half[0] * in[x] + sum_{k>=1} half[k] * (in[x + k] +- in[x - k]), with `minus`
// for the antisymmetric derivative kernel.
struct GaussianKernel {
    std::vector<double> half{1.0};
    bool minus = false;
    std::int64_t radius() const { return static_cast<std::int64_t>(half.size()) - 1; }
};

// scipy.ndimage's sampled Gaussian (order 0) or its first derivative (order 1) of standard
// deviation `sigma`, `truncate` sigmas wide: weights exp(-x^2 / (2 sigma^2)) normalised to
// sum 1 over x = -radius..radius, radius = int(truncate * sigma + 0.5); the derivative
// multiplies them by x / sigma^2 (as a correlation, so that it follows increasing values).
// A sigma of (almost) 0 gives the identity whatever the order, as scipy skips such axes.
inline GaussianKernel gaussian_kernel(double sigma, int order, double truncate) {
    if (!(sigma >= 0) || !std::isfinite(sigma)) throw std::invalid_argument("sigma: expected finite values >= 0");
    if (!(truncate >= 0) || !std::isfinite(truncate)) throw std::invalid_argument("truncate: expected a finite value >= 0");
    if (order != 0 && order != 1) throw std::invalid_argument("order: expected 0 or 1");
    GaussianKernel kernel;
    if (sigma <= kNoSmoothing) return kernel;
    const double reach = truncate * sigma + 0.5;
    if (reach > static_cast<double>(kMaxGaussianRadius))
        throw std::invalid_argument("sigma: truncate * sigma is too large (kernel radius above 2**22)");
    const auto radius = static_cast<std::int64_t>(reach);
    const double variance = sigma * sigma;
    const double exponent = -0.5 / variance;
    std::vector<double> phi(static_cast<std::size_t>(radius) + 1);
    double total = 0;
    for (std::int64_t x = 0; x <= radius; ++x) {
        phi[x] = std::exp(exponent * static_cast<double>(x * x));
        total += x == 0 ? phi[x] : 2 * phi[x];
    }
    kernel.half.resize(phi.size());
    for (std::int64_t x = 0; x <= radius; ++x) {
        const double weight = phi[x] / total;
        kernel.half[x] = order == 0 ? weight : static_cast<double>(x) / variance * weight;
    }
    kernel.minus = order == 1;
    return kernel;
}

// The same correlation on lines of n samples with at most n taps on each side: the
// "reflect" extension repeats every 2n samples, so taps 2n apart read the same sample and
// their weights add up. Keeps kernels much wider than the image (large sigmas on small
// images) from costing more than n taps per output value.
inline GaussianKernel folded(const GaussianKernel& kernel, std::int64_t n) {
    const std::int64_t radius = kernel.radius();
    if (radius <= n || n < 1) return kernel;
    std::vector<double> period(static_cast<std::size_t>(2 * n), 0.0);  // offsets -n .. n - 1
    for (std::int64_t o = -radius; o <= radius; ++o) {
        const double w = o >= 0 ? kernel.half[o] : (kernel.minus ? -kernel.half[-o] : kernel.half[-o]);
        std::int64_t p = (o + n) % (2 * n);
        if (p < 0) p += 2 * n;
        period[p] += w;
    }
    GaussianKernel out;
    out.minus = kernel.minus;
    out.half.assign(period.begin() + n, period.end());  // offsets 0 .. n - 1
    // Offsets n and -n read the same sample: half the weight on each side of the pair.
    out.half.push_back(kernel.minus ? 0.0 : period[0] / 2);
    return out;
}

// Index of the sample that "reflect" (d c b a | a b c d | d c b a) reads at position i of
// a line of n samples, for any i: the extension is periodic with period 2n.
inline std::int64_t reflect_index(std::int64_t i, std::int64_t n) {
    const std::int64_t period = 2 * n;
    std::int64_t m = i % period;
    if (m < 0) m += period;
    return m < n ? m : period - 1 - m;
}

namespace detail {

// The inner loops: out[m] = w * centre[m], then out[m] += w * (ahead[m] +- behind[m]) for
// the pairs of samples k taps before and after, two pairs per sweep over `out` (half the
// loads and stores of `out`, which otherwise dominate short kernels).
template <class T>
FEWSEG_VECTOR_CLONES inline void first_tap(const T* __restrict centre, T w, std::int64_t count, T* __restrict out) {
    for (std::int64_t m = 0; m < count; ++m) out[m] = w * centre[m];
}

template <class T, bool Minus>
FEWSEG_VECTOR_CLONES inline void add_tap_pair(const T* __restrict ahead, const T* __restrict behind, T w,
                                              std::int64_t count, T* __restrict out) {
    for (std::int64_t m = 0; m < count; ++m) {
        if constexpr (Minus) out[m] += w * (ahead[m] - behind[m]);
        else out[m] += w * (ahead[m] + behind[m]);
    }
}

template <class T, bool Minus>
FEWSEG_VECTOR_CLONES inline void add_two_tap_pairs(const T* __restrict ahead1, const T* __restrict behind1, T w1,
                                                   const T* __restrict ahead2, const T* __restrict behind2, T w2,
                                                   std::int64_t count, T* __restrict out) {
    for (std::int64_t m = 0; m < count; ++m) {
        if constexpr (Minus) out[m] += w1 * (ahead1[m] - behind1[m]) + w2 * (ahead2[m] - behind2[m]);
        else out[m] += w1 * (ahead1[m] + behind1[m]) + w2 * (ahead2[m] + behind2[m]);
    }
}

template <class T, bool Minus>
FEWSEG_VECTOR_CLONES inline void add_four_tap_pairs(const T* const* __restrict ahead, const T* const* __restrict behind,
                                                    const T* __restrict w, std::int64_t count, T* __restrict out) {
    const T *a0 = ahead[0], *a1 = ahead[1], *a2 = ahead[2], *a3 = ahead[3];
    const T *b0 = behind[0], *b1 = behind[1], *b2 = behind[2], *b3 = behind[3];
    const T w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    for (std::int64_t m = 0; m < count; ++m) {
        if constexpr (Minus)
            out[m] += (w0 * (a0[m] - b0[m]) + w1 * (a1[m] - b1[m])) + (w2 * (a2[m] - b2[m]) + w3 * (a3[m] - b3[m]));
        else
            out[m] += (w0 * (a0[m] + b0[m]) + w1 * (a1[m] + b1[m])) + (w2 * (a2[m] + b2[m]) + w3 * (a3[m] + b3[m]));
    }
}

template <class T>
std::vector<T> weights_as(const GaussianKernel& kernel) {
    return std::vector<T>(kernel.half.begin(), kernel.half.end());
}

// out[m] = half[0] * at(0)[m] + sum_{k>=1} half[k] * (at(k)[m] +- at(-k)[m]) for m < count,
// where at(k) points at the samples k taps away from the output's own.
template <class T, bool Minus, class At>
void correlate(At&& at, const std::vector<T>& half, std::int64_t count, T* out) {
    first_tap<T>(at(0), half[0], count, out);
    const auto radius = static_cast<std::int64_t>(half.size()) - 1;
    std::int64_t k = 1;
    for (; k + 3 <= radius; k += 4) {
        const T* ahead[4] = {at(k), at(k + 1), at(k + 2), at(k + 3)};
        const T* behind[4] = {at(-k), at(-k - 1), at(-k - 2), at(-k - 3)};
        add_four_tap_pairs<T, Minus>(ahead, behind, half.data() + k, count, out);
    }
    for (; k + 1 <= radius; k += 2)
        add_two_tap_pairs<T, Minus>(at(k), at(-k), half[k], at(k + 1), at(-k - 1), half[k + 1], count, out);
    if (k == radius) add_tap_pair<T, Minus>(at(k), at(-k), half[k], count, out);
}

// One output line from samples that are `step` values apart per tap: `centre` points at
// the sample of output value 0, and the samples up to radius taps before and after it
// must be readable.
template <class T>
void correlate_line(const T* centre, std::int64_t step, const std::vector<T>& half, bool minus,
                    std::int64_t count, T* out) {
    auto at = [=](std::int64_t k) { return centre + k * step; };
    if (minus) correlate<T, true>(at, half, count, out);
    else correlate<T, false>(at, half, count, out);
}

// The same over rows, given by pointers (already offset to the block's first column)
// centred on `rows`: rows[k] is k rows below the output's own.
template <class T>
void correlate_rows(const T* const* rows, const std::vector<T>& half, bool minus, std::int64_t count, T* out) {
    auto at = [=](std::int64_t k) { return rows[k]; };
    if (minus) correlate<T, true>(at, half, count, out);
    else correlate<T, false>(at, half, count, out);
}

// Shape of a (rows, cols) or (rows, cols, channels) view as rows x cols x channels.
struct Planar {
    std::int64_t rows = 0, cols = 0, channels = 1;
    std::int64_t width() const { return cols * channels; }
};

template <class T>
Planar planar_shape(const StridedView<T>& image) {
    if (image.shape.size() != 2 && image.shape.size() != 3)
        throw std::invalid_argument("input: expected a 2-D or 3-D array");
    if (image.strides.size() != image.shape.size()) throw std::invalid_argument("input: strides do not match the shape");
    Planar p{image.shape[0], image.shape[1], image.shape.size() == 3 ? image.shape[2] : 1};
    checked_size({p.rows, p.cols, p.channels});
    return p;
}

// Row pass: every row of `image` (any strides) correlated along axis 1, written C-ordered
// to `out` (rows x cols x channels). Each kernel gets its own output (one row read, several
// kernels applied: the gradient needs both the smoothed and the differentiated rows).
template <class T>
void row_pass(const StridedView<T>& image, const Planar& p, const std::vector<const GaussianKernel*>& kernels,
              const std::vector<T*>& outs) {
    std::int64_t radius = 0;
    for (const auto* k : kernels) radius = std::max(radius, k->radius());
    std::vector<std::vector<T>> halves;
    for (const auto* k : kernels) halves.push_back(weights_as<T>(*k));
    // Byte offset, within a row, of every position of the reflected line.
    std::vector<std::int64_t> source(static_cast<std::size_t>(p.cols + 2 * radius));
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(source.size()); ++i)
        source[i] = reflect_index(i - radius, p.cols) * image.strides[1];
    const std::int64_t channel_stride = image.shape.size() == 3 ? image.strides[2] : 0;
    std::vector<T> line(source.size() * static_cast<std::size_t>(p.channels));
    const std::int64_t width = p.width();
    for (std::int64_t y = 0; y < p.rows; ++y) {
        const char* row = image.data + y * image.strides[0];
        T* dst = line.data();
        for (const auto offset : source)
            for (std::int64_t c = 0; c < p.channels; ++c)
                *dst++ = *reinterpret_cast<const T*>(row + offset + c * channel_stride);
        for (std::size_t k = 0; k < kernels.size(); ++k)
            correlate_line<T>(line.data() + radius * p.channels, p.channels, halves[k], kernels[k]->minus, width,
                              outs[k] + y * width);
    }
}

// Pointers to the rows of a C-ordered (rows x width) image for positions -radius ..
// rows + radius - 1, reflected at the top and bottom; element radius + y is row y.
template <class T>
std::vector<const T*> reflected_rows(const T* image, std::int64_t rows, std::int64_t width, std::int64_t radius) {
    std::vector<const T*> pointers(static_cast<std::size_t>(rows + 2 * radius));
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(pointers.size()); ++i)
        pointers[i] = image + reflect_index(i - radius, rows) * width;
    return pointers;
}

// Columns per block of the column pass: the 2 * radius + 1 rows of each of `windows`
// images it reads stay within about 256 KiB (the L2 cache of most cores), in whole cache
// lines.
template <class T>
std::int64_t column_block(std::int64_t radius, std::int64_t width, std::int64_t windows = 1) {
    const std::int64_t budget =
        (std::int64_t{256} << 10) / static_cast<std::int64_t>(sizeof(T)) / (2 * radius + 1) / windows;
    const std::int64_t block = std::max<std::int64_t>(64, budget / 64 * 64);
    return std::min(block, std::max<std::int64_t>(width, 1));
}

}  // namespace detail

// out (C order, the shape of `image`) = `image` correlated with `along_rows` on axis 0 and
// `along_cols` on axis 1; a third (channel) axis is not filtered. T is float or double;
// sums are taken in T, which is what makes float32 images fast (and within about 1e-6 of
// the image's range of scipy's double-precision sums).
template <class T>
void gaussian_filter_2d(const StridedView<T>& image, const GaussianKernel& along_rows,
                        const GaussianKernel& along_cols, T* out) {
    const auto p = detail::planar_shape(image);
    if (p.rows == 0 || p.width() == 0) return;
    const auto kernel_rows = folded(along_rows, p.rows), kernel_cols = folded(along_cols, p.cols);
    std::vector<T> smoothed(static_cast<std::size_t>(p.rows * p.width()));
    detail::row_pass<T>(image, p, {&kernel_cols}, {smoothed.data()});
    const auto radius = kernel_rows.radius();
    const auto rows = detail::reflected_rows(smoothed.data(), p.rows, p.width(), radius);
    const auto half = detail::weights_as<T>(kernel_rows);
    const std::int64_t block = detail::column_block<T>(radius, p.width());
    std::vector<const T*> window(rows.size());
    for (std::int64_t first = 0; first < p.width(); first += block) {
        const std::int64_t count = std::min(block, p.width() - first);
        for (std::size_t i = 0; i < rows.size(); ++i) window[i] = rows[i] + first;
        for (std::int64_t y = 0; y < p.rows; ++y)
            detail::correlate_rows<T>(window.data() + radius + y, half, kernel_rows.minus, count,
                                      out + y * p.width() + first);
    }
}

// out (rows x cols, C order) = sqrt(d_rows^2 + d_cols^2), d_rows the derivative-of-Gaussian
// along axis 0 (smoothed along axis 1) and d_cols the other way round: scipy.ndimage's
// gaussian_gradient_magnitude of a 2-D image.
template <class T>
void gaussian_gradient_magnitude_2d(const StridedView<T>& image, double sigma_rows, double sigma_cols,
                                    double truncate, T* out) {
    if (image.shape.size() != 2) throw std::invalid_argument("input: expected a 2-D array");
    const auto p = detail::planar_shape(image);
    if (p.rows == 0 || p.cols == 0) return;
    const auto smooth_rows = folded(gaussian_kernel(sigma_rows, 0, truncate), p.rows);
    const auto derive_rows = folded(gaussian_kernel(sigma_rows, 1, truncate), p.rows);
    const auto smooth_cols = folded(gaussian_kernel(sigma_cols, 0, truncate), p.cols);
    const auto derive_cols = folded(gaussian_kernel(sigma_cols, 1, truncate), p.cols);
    const std::int64_t width = p.cols;
    std::vector<T> smoothed(static_cast<std::size_t>(p.rows * width)), derived(smoothed.size());
    detail::row_pass<T>(image, p, {&smooth_cols, &derive_cols}, {smoothed.data(), derived.data()});

    const auto radius = std::max(smooth_rows.radius(), derive_rows.radius());
    const auto smoothed_rows = detail::reflected_rows(smoothed.data(), p.rows, width, radius);
    const auto derived_rows = detail::reflected_rows(derived.data(), p.rows, width, radius);
    const auto smooth_half = detail::weights_as<T>(smooth_rows), derive_half = detail::weights_as<T>(derive_rows);
    const std::int64_t block = detail::column_block<T>(radius, width, 2);
    std::vector<const T*> window_s(smoothed_rows.size()), window_d(derived_rows.size());
    std::vector<T> across(static_cast<std::size_t>(block));
    for (std::int64_t first = 0; first < width; first += block) {
        const std::int64_t count = std::min(block, width - first);
        for (std::size_t i = 0; i < window_s.size(); ++i) {
            window_s[i] = smoothed_rows[i] + first;
            window_d[i] = derived_rows[i] + first;
        }
        for (std::int64_t y = 0; y < p.rows; ++y) {
            T* down = out + y * width + first;
            // d/d(row) of the row-smoothed image, and the row derivative smoothed down the columns.
            detail::correlate_rows<T>(window_s.data() + radius + y, derive_half, derive_rows.minus, count, down);
            detail::correlate_rows<T>(window_d.data() + radius + y, smooth_half, smooth_rows.minus, count, across.data());
            for (std::int64_t m = 0; m < count; ++m) down[m] = std::sqrt(down[m] * down[m] + across[m] * across[m]);
        }
    }
}

}  // namespace fewseg
