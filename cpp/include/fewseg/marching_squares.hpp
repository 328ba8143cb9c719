// Iso-lines of a 2-D image by marching squares, with the output of scikit-image 0.26's
// skimage.measure.find_contours: the same points (bit for bit), in the same contours, in
// the same order and orientation.
//
// scikit-image makes its result in two steps, and both fix the output: a raster scan over
// the 2x2 squares emits one or two directed segments per square crossed by the level, and
// a joiner consumes those segments in emission order (segment_joiner.hpp). Here the scan
// feeds each segment straight to the joiner, so no list of segments is kept. Most squares
// of an image lie on one side of the level: each row is first reduced to one bit per
// pixel (above the level or not, level_bits.hpp), and squares are skipped 64 at a time.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include "fewseg/level_bits.hpp"
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

// One row of the image seen from the level, one bit per pixel in 64-bit words: `above`,
// and `valid` (not NaN, inside the mask), the latter computed only where some pixel of
// the row lacks data. Each carries one spare zero word, so the scan can read the word
// after the last.
template <class T>
struct RowBits {
    std::vector<std::uint64_t> above, valid;
    bool all_valid = true, valid_is_ones = true;

    explicit RowBits(std::int64_t cols)
        : above(static_cast<std::size_t>((cols + 63) / 64 + 1), 0),
          valid(static_cast<std::size_t>((cols + 63) / 64 + 1), ~std::uint64_t{0}) {}

    void fill(const StridedView<T>& image, const StridedView<std::uint8_t>* mask, std::int64_t r, double level) {
        const std::int64_t cols = image.shape[1], step = image.strides[1];
        const char* row = image.data + r * image.strides[0];
        const bool any_nan = level_bits::classify_row<T>(row, step, cols, level, above.data());
        all_valid = !any_nan && mask == nullptr;
        if (all_valid) {
            // The scan reads `valid` whenever either of its two rows lacks data.
            if (!valid_is_ones) std::fill(valid.begin(), valid.end(), ~std::uint64_t{0});
            valid_is_ones = true;
            return;
        }
        valid_is_ones = false;
        const char* m = mask != nullptr ? mask->data + r * mask->strides[0] : nullptr;
        std::fill(valid.begin(), valid.end(), std::uint64_t{0});
        bool every = true;
        for (std::int64_t c = 0; c < cols; ++c) {
            bool ok = !std::isnan(static_cast<double>(level_bits::load<T>(row + c * step)));
            if (m != nullptr) ok &= m[c * mask->strides[1]] != 0;
            valid[static_cast<std::size_t>(c / 64)] |= static_cast<std::uint64_t>(ok) << (c % 64);
            every &= ok;
        }
        all_valid = every;
    }
};

// Bit c of the result is bit c + 1 of the row: the right-hand corners of square c.
inline std::uint64_t shifted(const std::uint64_t* words, std::int64_t w) {
    return words[w] >> 1 | words[w + 1] << 63;
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
        return static_cast<double>(level_bits::load<T>(image.data + r * image.strides[0] + c * image.strides[1]));
    };
    RowBits<T> upper(cols), lower(cols);
    upper.fill(image, mask, 0, level);
    const std::int64_t squares = cols - 1, words = (squares + 63) / 64;
    for (std::int64_t r0 = 0; r0 + 1 < rows; ++r0) {
        lower.fill(image, mask, r0 + 1, level);
        const std::uint64_t* a = upper.above.data();
        const std::uint64_t* b = lower.above.data();
        const bool check_valid = !(upper.all_valid && lower.all_valid);
        for (std::int64_t w = 0; w < words; ++w) {
            // Square c is crossed by the level unless its four corners lie on one side:
            // 64 squares are tested at once on the corners' bits.
            const std::uint64_t ul = a[w], ur = shifted(a, w), ll = b[w], lr = shifted(b, w);
            std::uint64_t crossed = (ul ^ ur) | (ul ^ ll) | (ul ^ lr);
            if (w == words - 1 && squares % 64 != 0) crossed &= (std::uint64_t{1} << (squares % 64)) - 1;
            if (check_valid)
                crossed &= upper.valid[w] & shifted(upper.valid.data(), w) & lower.valid[w] &
                           shifted(lower.valid.data(), w);
            while (crossed != 0) {
                const int k = __builtin_ctzll(crossed);
                crossed &= crossed - 1;
                const std::int64_t c0 = 64 * w + k;
                const int shape_case = static_cast<int>((ul >> k & 1) | (ur >> k & 1) << 1 | (ll >> k & 1) << 2 |
                                                        (lr >> k & 1) << 3);
                square_segments(shape_case, value(r0, c0), value(r0, c0 + 1), value(r0 + 1, c0),
                                value(r0 + 1, c0 + 1), level, static_cast<double>(r0), static_cast<double>(c0),
                                high_connected, joiner);
            }
        }
        std::swap(upper, lower);
    }
    return joiner.take_contours(reverse);
}

}  // namespace fewseg
