// Iso-lines of a 2-D image by marching squares, with the output of scikit-image 0.26's
// skimage.measure.find_contours: the same points (bit for bit), in the same contours, in
// the same order and orientation.
//
// scikit-image makes its result in two steps, and both fix the output: a raster scan over
// the 2x2 squares emits one or two directed segments per square crossed by the level, and
// a joiner consumes those segments in emission order (segment_joiner.hpp). Here the scan
// feeds each segment straight to the joiner, so no list of segments is kept. Most squares
// of an image lie on one side of the level: each row is first reduced to one byte per
// pixel (above the level or not), and squares are skipped eight at a time on those bytes.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "fewseg/segment_joiner.hpp"
#include "fewseg/strided.hpp"

namespace fewseg {

namespace marching_detail {

// scikit-image's interpolation: where along from -> to the level lies, 0 for equal ends.
inline double fraction(double from, double to, double level) {
    if (to == from) return 0.0;
    return (level - from) / (to - from);
}

// The segments of one square, in scikit-image's order. `shape_case` has bit 0 for the
// upper-left corner above the level, 1 upper-right, 2 lower-left, 3 lower-right; segments
// run with the lower values on their left.
inline void square_segments(int shape_case, double ul, double ur, double ll, double lr, double level,
                            double r0, double c0, bool high_connected, Joiner& joiner) {
    const double r1 = r0 + 1, c1 = c0 + 1;
    auto top = [&] { return Point{r0, c0 + fraction(ul, ur, level)}; };
    auto bottom = [&] { return Point{r1, c0 + fraction(ll, lr, level)}; };
    auto left = [&] { return Point{r0 + fraction(ul, ll, level), c0}; };
    auto right = [&] { return Point{r0 + fraction(ur, lr, level), c1}; };
    switch (shape_case) {
        case 1: joiner.add(top(), left()); break;
        case 2: joiner.add(right(), top()); break;
        case 3: joiner.add(right(), left()); break;
        case 4: joiner.add(left(), bottom()); break;
        case 5: joiner.add(top(), bottom()); break;
        case 6:  // the saddle: which diagonal pair is joined is the caller's choice
            if (high_connected) {
                joiner.add(left(), top());
                joiner.add(right(), bottom());
            } else {
                joiner.add(right(), top());
                joiner.add(left(), bottom());
            }
            break;
        case 7: joiner.add(right(), bottom()); break;
        case 8: joiner.add(bottom(), right()); break;
        case 9:
            if (high_connected) {
                joiner.add(top(), right());
                joiner.add(bottom(), left());
            } else {
                joiner.add(top(), left());
                joiner.add(bottom(), right());
            }
            break;
        case 10: joiner.add(bottom(), top()); break;
        case 11: joiner.add(bottom(), left()); break;
        case 12: joiner.add(left(), right()); break;
        case 13: joiner.add(top(), right()); break;
        case 14: joiner.add(left(), top()); break;
        default: break;  // 0 and 15: the square lies on one side of the level
    }
}

// numpy arrays need not be aligned: read through memcpy (one plain load once compiled).
template <class T>
inline T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// Byte i of kSpread[b] is bit i of b: eight comparison bits become eight bytes.
struct SpreadTable {
    std::uint64_t bytes[256];
    constexpr SpreadTable() : bytes() {
        for (int b = 0; b < 256; ++b)
            for (int i = 0; i < 8; ++i)
                if (b >> i & 1) bytes[b] |= std::uint64_t{1} << (8 * i);
    }
};
inline constexpr SpreadTable kSpread{};

// out[c] = (double)row[c] > level for the `cols` pixels of a row `step` bytes apart;
// returns whether any of them is NaN. The comparison is the one scikit-image makes on its
// float64 copy of the image.
template <class T>
bool classify_row(const char* row, std::int64_t step, std::int64_t cols, double level, std::uint8_t* out) {
    std::int64_t c = 0;
    if constexpr (std::is_integral_v<T>) {
        // For an integer v, v > level exactly when v > floor(level): an integer compare,
        // which the compiler vectorises.
        if (std::isnan(level) || level >= static_cast<double>(std::numeric_limits<T>::max())) {
            std::fill(out, out + cols, std::uint8_t{0});
            return false;
        }
        if (level < static_cast<double>(std::numeric_limits<T>::min())) {
            std::fill(out, out + cols, std::uint8_t{1});
            return false;
        }
        const T threshold = static_cast<T>(std::floor(level));
        if (step == static_cast<std::int64_t>(sizeof(T)))
            for (; c < cols; ++c) out[c] = load<T>(row + c * sizeof(T)) > threshold;
        else
            for (; c < cols; ++c) out[c] = load<T>(row + c * step) > threshold;
        return false;
    } else {
        unsigned nan_bits = 0;
#if defined(__SSE2__)
        if (step == static_cast<std::int64_t>(sizeof(T))) {
            // Eight pixels at a time: compare in double (as scikit-image does, also for
            // float32), one bit per pixel, spread to bytes.
            const __m128d lv = _mm_set1_pd(level);
            for (; c + 8 <= cols; c += 8) {
                unsigned above = 0;
                for (int k = 0; k < 4; ++k) {
                    __m128d x;
                    if constexpr (std::is_same_v<T, double>) {
                        x = _mm_loadu_pd(reinterpret_cast<const double*>(row) + c + 2 * k);
                    } else {
                        x = _mm_cvtps_pd(_mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(
                            reinterpret_cast<const float*>(row) + c + 2 * k))));
                    }
                    above |= static_cast<unsigned>(_mm_movemask_pd(_mm_cmpgt_pd(x, lv))) << (2 * k);
                    nan_bits |= static_cast<unsigned>(_mm_movemask_pd(_mm_cmpunord_pd(x, x)));
                }
                std::memcpy(out + c, &kSpread.bytes[above], 8);
            }
        }
#endif
        bool any_nan = nan_bits != 0;
        for (; c < cols; ++c) {
            const T v = load<T>(row + c * step);
            out[c] = static_cast<double>(v) > level;
            any_nan |= std::isnan(v);
        }
        return any_nan;
    }
}

// One row of the image seen from the level: `above` per pixel, and `valid` per pixel
// (not NaN, inside the mask), the latter filled only where some pixel of the row lacks
// data. The byte rows carry 8 bytes of slack so the scan can read eight squares at once.
template <class T>
struct RowBits {
    std::vector<std::uint8_t> above, valid;
    bool all_valid = true, valid_is_ones = true;

    explicit RowBits(std::int64_t cols)
        : above(static_cast<std::size_t>(cols) + 8, 0), valid(static_cast<std::size_t>(cols) + 8, 1) {}

    void fill(const StridedView<T>& image, const StridedView<std::uint8_t>* mask, std::int64_t r,
              double level) {
        const std::int64_t cols = image.shape[1], step = image.strides[1];
        const char* row = image.data + r * image.strides[0];
        const bool any_nan = classify_row<T>(row, step, cols, level, above.data());
        all_valid = !any_nan && mask == nullptr;
        if (all_valid) {
            // The scan reads `valid` whenever either of its two rows lacks data.
            if (!valid_is_ones) std::fill(valid.begin(), valid.end(), std::uint8_t{1});
            valid_is_ones = true;
            return;
        }
        valid_is_ones = false;
        const char* m = mask != nullptr ? mask->data + r * mask->strides[0] : nullptr;
        std::uint8_t every = 1;
        for (std::int64_t c = 0; c < cols; ++c) {
            std::uint8_t ok = !std::isnan(static_cast<double>(load<T>(row + c * step)));
            if (m != nullptr) ok &= m[c * mask->strides[1]] != 0;
            valid[c] = ok;
            every &= ok;
        }
        all_valid = every != 0;
    }
};

inline std::uint64_t load8(const std::uint8_t* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

}  // namespace marching_detail

// scikit-image's find_contours(image, level, fully_connected, positive_orientation, mask):
// `high_connected` for fully_connected="high", `reverse` for positive_orientation="high",
// `mask` (nonzero = has data, same shape as the image) or nullptr. Any strides.
template <class T>
IsoContourList marching_squares(const StridedView<T>& image, double level, bool high_connected, bool reverse,
                                const StridedView<std::uint8_t>* mask) {
    using namespace marching_detail;
    if (image.shape.size() != 2) throw std::invalid_argument("image must be 2-D");
    if (mask != nullptr && mask->shape != image.shape)
        throw std::invalid_argument("mask must have the image's shape");
    const std::int64_t rows = image.shape[0], cols = image.shape[1];
    Joiner joiner;
    if (rows < 2 || cols < 2) return joiner.take_contours(reverse);

    auto value = [&](std::int64_t r, std::int64_t c) {
        return static_cast<double>(load<T>(image.data + r * image.strides[0] + c * image.strides[1]));
    };
    RowBits<T> upper(cols), lower(cols);
    upper.fill(image, mask, 0, level);
    const std::int64_t squares = cols - 1;
    for (std::int64_t r0 = 0; r0 + 1 < rows; ++r0) {
        lower.fill(image, mask, r0 + 1, level);
        const std::uint8_t* a = upper.above.data();
        const std::uint8_t* b = lower.above.data();
        const bool check_valid = !(upper.all_valid && lower.all_valid);
        for (std::int64_t c = 0; c < squares; c += 8) {
            // A square is crossed by the level only if its four corners are not all on one
            // side: eight squares are tested at once on their corner bytes.
            const std::uint64_t ul = load8(a + c), ur = load8(a + c + 1);
            const std::uint64_t ll = load8(b + c), lr = load8(b + c + 1);
            if (((ul ^ ur) | (ul ^ ll) | (ul ^ lr)) == 0) continue;
            const std::int64_t end = std::min(c + 8, squares);
            for (std::int64_t c0 = c; c0 < end; ++c0) {
                const int shape_case = a[c0] | a[c0 + 1] << 1 | b[c0] << 2 | b[c0 + 1] << 3;
                if (shape_case == 0 || shape_case == 15) continue;
                if (check_valid && !(upper.valid[c0] && upper.valid[c0 + 1] && lower.valid[c0] &&
                                     lower.valid[c0 + 1]))
                    continue;
                square_segments(shape_case, value(r0, c0), value(r0, c0 + 1), value(r0 + 1, c0),
                                value(r0 + 1, c0 + 1), level, static_cast<double>(r0),
                                static_cast<double>(c0), high_connected, joiner);
            }
        }
        std::swap(upper, lower);
    }
    return joiner.take_contours(reverse);
}

}  // namespace fewseg
