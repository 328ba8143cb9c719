// Min, max, sum and sum of squares of each channel over a run of interleaved 8-bit RGB
// pixels: the inner loop of the intensity statistics of a dermoscopy image, sixteen
// pixels (48 bytes) per step with SSE2. In a 48-byte block the channel of byte j of its
// k-th 16-byte vector is (j + k) mod 3 (16 = 1 mod 3), so three byte masks pick every
// channel out of every vector.
#pragma once

#include <algorithm>
#include <cstdint>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fewseg {

// Updates lo, hi, sum, squares (per channel) with pixels p[0 .. 3 n).
inline void rgb8_run_stats(const std::uint8_t* p, std::int64_t n, std::uint8_t lo[3], std::uint8_t hi[3],
                           std::uint64_t sum[3], std::uint64_t squares[3]) {
    std::int64_t i = 0;
#if defined(__SSE2__)
    if (n >= 16) {
        __m128i mask[3];
        for (int k = 0; k < 3; ++k) {
            alignas(16) std::uint8_t bytes[16];
            for (int j = 0; j < 16; ++j) bytes[j] = j % 3 == k ? 0xFF : 0;
            mask[k] = _mm_load_si128(reinterpret_cast<const __m128i*>(bytes));
        }
        const __m128i zero = _mm_setzero_si128();
        __m128i vmin[3], vmax[3], vsum[3], vsq[3];
        for (int c = 0; c < 3; ++c) {
            vmin[c] = _mm_set1_epi8(static_cast<char>(0xFF));
            vmax[c] = zero;
            vsum[c] = zero;
            vsq[c] = zero;
        }
        std::uint64_t squares_flushed[3] = {0, 0, 0};
        auto flush_squares = [&]() {  // 32-bit lanes: emptied before they can overflow
            for (int c = 0; c < 3; ++c) {
                alignas(16) std::uint32_t lanes[4];
                _mm_store_si128(reinterpret_cast<__m128i*>(lanes), vsq[c]);
                squares_flushed[c] += std::uint64_t{lanes[0]} + lanes[1] + lanes[2] + lanes[3];
                vsq[c] = zero;
            }
        };
        std::int64_t steps = 0;
        for (; i + 16 <= n; i += 16) {
            const __m128i v[3] = {_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3 * i)),
                                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3 * i + 16)),
                                  _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 3 * i + 32))};
            for (int c = 0; c < 3; ++c)
                for (int k = 0; k < 3; ++k) {
                    const __m128i m = mask[(c - k + 3) % 3];
                    const __m128i picked = _mm_and_si128(v[k], m);  // other channels: 0
                    vmax[c] = _mm_max_epu8(vmax[c], picked);
                    vmin[c] = _mm_min_epu8(vmin[c], _mm_or_si128(v[k], _mm_andnot_si128(m, _mm_set1_epi8(-1))));
                    vsum[c] = _mm_add_epi64(vsum[c], _mm_sad_epu8(picked, zero));
                    const __m128i low = _mm_unpacklo_epi8(picked, zero), high = _mm_unpackhi_epi8(picked, zero);
                    vsq[c] = _mm_add_epi32(vsq[c], _mm_add_epi32(_mm_madd_epi16(low, low), _mm_madd_epi16(high, high)));
                }
            // a lane gains at most 6 * 2 * 255^2 per step: flush well before 2^32
            if (++steps == 4096) {
                flush_squares();
                steps = 0;
            }
        }
        flush_squares();
        for (int c = 0; c < 3; ++c) {
            alignas(16) std::uint8_t mins[16], maxs[16];
            alignas(16) std::uint64_t sums[2];
            _mm_store_si128(reinterpret_cast<__m128i*>(mins), vmin[c]);
            _mm_store_si128(reinterpret_cast<__m128i*>(maxs), vmax[c]);
            _mm_store_si128(reinterpret_cast<__m128i*>(sums), vsum[c]);
            lo[c] = std::min(lo[c], *std::min_element(mins, mins + 16));
            hi[c] = std::max(hi[c], *std::max_element(maxs, maxs + 16));
            sum[c] += sums[0] + sums[1];
            squares[c] += squares_flushed[c];
        }
    }
#endif
    for (; i < n; ++i)
        for (int c = 0; c < 3; ++c) {
            const std::uint8_t v = p[3 * i + c];
            lo[c] = std::min(lo[c], v);
            hi[c] = std::max(hi[c], v);
            sum[c] += v;
            squares[c] += std::uint64_t{v} * v;
        }
}

}  // namespace fewseg
