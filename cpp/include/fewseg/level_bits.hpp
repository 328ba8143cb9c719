// One image row seen from a level: bit c set where pixel c lies above the level, as
// scikit-image decides it on its float64 copy of the image ((double)v > level). Reading
// the image is most of the work of marching squares over a smooth image, so the common
// layouts are compared 64 pixels to a word with SSE2, in an equivalent form per dtype:
// float32 against the largest float not above the level, integers against its floor.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fewseg::level_bits {

// numpy arrays need not be aligned: read through memcpy (one plain load once compiled).
template <class T>
inline T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// The largest float f <= level: for every float v, v > f exactly when (double)v > level.
inline float float_threshold(double level) {
    constexpr double most = std::numeric_limits<float>::max();
    if (std::isnan(level)) return std::numeric_limits<float>::quiet_NaN();
    if (level >= most) return std::isinf(level) ? std::numeric_limits<float>::infinity() : static_cast<float>(most);
    if (level < -most) return -std::numeric_limits<float>::infinity();
    float f = static_cast<float>(level);
    if (static_cast<double>(f) > level) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

// For an unsigned integer v: v > level exactly when v > threshold. `none`/`all` when no
// value / every value of T lies above the level.
template <class T>
struct IntegerThreshold {
    T threshold = 0;
    bool none = false, all = false;
    explicit IntegerThreshold(double level) {
        if (std::isnan(level) || level >= static_cast<double>(std::numeric_limits<T>::max())) none = true;
        else if (level < 0) all = true;
        else threshold = static_cast<T>(std::floor(level));
    }
};

#if defined(__SSE2__)
// The 16 bits of pixels at .. at + 15 from `four(p)`, the comparison masks (32-bit lanes)
// of pixels p .. p + 3: packs saturate -1 to -1 and 0 to 0, down to bytes for movemask.
template <class Four>
inline std::uint64_t sixteen_bits(Four& four, int at) {
    const __m128i low = _mm_packs_epi32(four(at), four(at + 4));
    const __m128i high = _mm_packs_epi32(four(at + 8), four(at + 12));
    return static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(low, high)));
}
#endif

// Bits of 16 * groups (up to 64) contiguous pixels from `row` (SSE2); sets `nan` where
// one is NaN.
template <class T>
inline std::uint64_t word_of(const char* row, int groups, double level, float float_level, T int_threshold,
                             bool& nan) {
    std::uint64_t bits = 0;
#if defined(__SSE2__)
    // Floating types: comparison masks (all-ones lanes), 16 bits at a time (sixteen_bits).
    if constexpr (std::is_same_v<T, double>) {
        const __m128d lv = _mm_set1_pd(level);
        __m128d unordered = _mm_setzero_pd();
        const double* p = reinterpret_cast<const double*>(row);
        auto four = [&](int at) {  // 4 doubles -> 4 x 32-bit masks (the low half of each 64-bit one)
            const __m128d x0 = _mm_loadu_pd(p + at), x1 = _mm_loadu_pd(p + at + 2);
            unordered = _mm_or_pd(unordered, _mm_or_pd(_mm_cmpunord_pd(x0, x0), _mm_cmpunord_pd(x1, x1)));
            return _mm_castps_si128(_mm_shuffle_ps(_mm_castpd_ps(_mm_cmpgt_pd(x0, lv)),
                                                   _mm_castpd_ps(_mm_cmpgt_pd(x1, lv)), _MM_SHUFFLE(2, 0, 2, 0)));
        };
        for (int k = 0; k < groups; ++k) bits |= sixteen_bits(four, 16 * k) << (16 * k);
        nan |= _mm_movemask_pd(unordered) != 0;
    } else if constexpr (std::is_same_v<T, float>) {
        const __m128 lv = _mm_set1_ps(float_level);
        __m128 unordered = _mm_setzero_ps();
        const float* p = reinterpret_cast<const float*>(row);
        auto four = [&](int at) {
            const __m128 x = _mm_loadu_ps(p + at);
            unordered = _mm_or_ps(unordered, _mm_cmpunord_ps(x, x));
            return _mm_castps_si128(_mm_cmpgt_ps(x, lv));
        };
        for (int k = 0; k < groups; ++k) bits |= sixteen_bits(four, 16 * k) << (16 * k);
        nan |= _mm_movemask_ps(unordered) != 0;
    } else if constexpr (std::is_same_v<T, std::uint8_t>) {
        // SSE2 compares signed bytes: flipping the top bit orders unsigned ones alike.
        const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
        const __m128i t = _mm_xor_si128(_mm_set1_epi8(static_cast<char>(int_threshold)), flip);
        for (int k = 0; k < groups; ++k) {
            const __m128i x = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row) + k), flip);
            bits |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(x, t))))
                    << (16 * k);
        }
    } else {  // uint16
        const __m128i flip = _mm_set1_epi16(static_cast<short>(0x8000));
        const __m128i t = _mm_xor_si128(_mm_set1_epi16(static_cast<short>(int_threshold)), flip);
        for (int k = 0; k < groups; ++k) {
            const __m128i x0 = _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row) + 2 * k), flip);
            const __m128i x1 =
                _mm_xor_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row) + 2 * k + 1), flip);
            const __m128i packed = _mm_packs_epi16(_mm_cmpgt_epi16(x0, t), _mm_cmpgt_epi16(x1, t));
            bits |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(packed))) << (16 * k);
        }
    }
#else
    (void)row, (void)groups, (void)level, (void)float_level, (void)int_threshold, (void)nan;
#endif
    return bits;
}

// Fills out[0 .. ceil(cols / 64)) with the bits of the `cols` pixels of a row whose
// pixels lie `step` bytes apart (bits past `cols` are 0); returns whether any is NaN.
template <class T>
bool classify_row(const char* row, std::int64_t step, std::int64_t cols, double level, std::uint64_t* out) {
    static_assert(std::is_same_v<T, double> || std::is_same_v<T, float> || std::is_same_v<T, std::uint8_t> ||
                  std::is_same_v<T, std::uint16_t>);
    const std::int64_t words = (cols + 63) / 64;
    T int_threshold = 0;
    if constexpr (std::is_integral_v<T>) {
        const IntegerThreshold<T> t(level);
        if (t.none || t.all) {
            for (std::int64_t w = 0; w < words; ++w) out[w] = t.all ? ~std::uint64_t{0} : 0;
            if (t.all && cols % 64 != 0) out[words - 1] = (std::uint64_t{1} << (cols % 64)) - 1;
            return false;
        }
        int_threshold = t.threshold;
    }
    const float float_level = std::is_same_v<T, float> ? float_threshold(level) : 0.0f;
    bool nan = false;
    std::int64_t c = 0;
    // The last word of a row takes whole groups of 16 pixels the fast way too, the rest
    // (fewer than 16, or all of a strided row) one by one.
    for (; c < cols; c += 64) {
        std::uint64_t bits = 0;
        const std::int64_t n = std::min<std::int64_t>(64, cols - c);
        std::int64_t k = 0;
#if defined(__SSE2__)
        if (step == static_cast<std::int64_t>(sizeof(T)) && n >= 16) {
            const int groups = static_cast<int>(n / 16);
            bits = word_of<T>(row + c * step, groups, level, float_level, int_threshold, nan);
            k = 16 * groups;
        }
#endif
        for (; k < n; ++k) {
            const T v = load<T>(row + (c + k) * step);
            bool above;
            if constexpr (std::is_integral_v<T>) {
                above = v > int_threshold;
            } else {
                above = static_cast<double>(v) > level;
                nan |= std::isnan(v);
            }
            bits |= static_cast<std::uint64_t>(above) << k;
        }
        out[c / 64] = bits;
    }
    return nan;
}

}  // namespace fewseg::level_bits
