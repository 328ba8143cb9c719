// One step of Suzuki and Abe's border following (1985), shared by the binary contour scan
// (contours.hpp) and the all-labels scan (label_contours.hpp).
//
// Conventions are OpenCV's, so that point sequences match cv2.findContours exactly:
// chain codes count counter-clockwise on screen from "right" (0: +x, 2: -y, 4: -x, 6: +y),
// an outer border is entered with the left neighbour known to be background, a hole
// border with the right one; the first neighbour found clockwise from there is where the
// border comes from, and the walk then turns counter-clockwise around each pixel.
//
// Every pixel the walk passes through gets a mark: `mark_right` when the walk examined its
// right neighbour and found background (Suzuki's -NBD), otherwise `mark_new` if it was
// still `unvisited` (Suzuki's NBD). The raster scans read these marks to decide
// where new borders start and which border encloses them.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fewseg::border {

constexpr int kDx[8] = {1, 1, 0, -1, -1, -1, 0, 1};
constexpr int kDy[8] = {0, -1, -1, -1, 0, 1, 1, 1};

// Raveled offsets of the eight chain-code directions in a C-order buffer of row length `width`.
struct Directions {
    std::int64_t delta[8];
    explicit Directions(std::int64_t width) {
        for (int s = 0; s < 8; ++s) delta[s] = kDx[s] + kDy[s] * width;
    }
};

// The first x in [x, end) with row[x] != value, or `end`. Most of a mask is long runs of
// one value: they are skipped sixteen (SSE2) or eight bytes at a time.
template <class Mark>
inline std::int64_t next_change(const Mark* row, std::int64_t x, std::int64_t end, Mark value) {
    if constexpr (sizeof(Mark) == 1) {
#if defined(__SSE2__)
        const __m128i pattern = _mm_set1_epi8(static_cast<char>(value));
        while (x + 16 <= end) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + x));
            const int same = _mm_movemask_epi8(_mm_cmpeq_epi8(v, pattern));
            if (same != 0xFFFF) return x + __builtin_ctz(~same & 0xFFFF);
            x += 16;
        }
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        const std::uint64_t pattern = 0x0101010101010101ULL * static_cast<std::uint8_t>(value);
        while (x + 8 <= end) {
            std::uint64_t word;
            std::memcpy(&word, row + x, 8);
            const std::uint64_t diff = word ^ pattern;
            if (diff != 0) return x + (__builtin_ctzll(diff) >> 3);  // lowest byte first
            x += 8;
        }
#endif
    }
    while (x < end && row[x] == value) ++x;
    return x;
}

// Follows the border through the pixel at raveled index `start` (coordinates x, y in the
// padded buffer) and appends its points as (row, col) = (y - 1, x - 1) pairs to `out`.
// `is_foreground(i)` says whether pixel i belongs to the region being traced; only such
// pixels are ever marked. With `every_point` false, only the points where the chain code
// changes are kept (CHAIN_APPROX_SIMPLE). Where `owners` is given, owners[i] = owner is
// written wherever the mark of pixel i is (the border number that marked it last).
template <class Mark, class IsForeground>
void follow_border(Mark* marks, const IsForeground& is_foreground, const Directions& dirs,
                   std::int64_t start, std::int64_t x, std::int64_t y, bool is_hole,
                   Mark unvisited, Mark mark_new, Mark mark_right, bool every_point,
                   std::vector<std::int32_t>& out, std::int32_t* owners = nullptr,
                   std::int32_t owner = 0) {
    const int entry = is_hole ? 0 : 4;
    int s = entry;
    std::int64_t i1 = start;
    // Clockwise from the known background neighbour, to the last border point.
    do {
        s = (s - 1) & 7;
        i1 = start + dirs.delta[s];
    } while (!is_foreground(i1) && s != entry);

    if (s == entry) {  // an isolated pixel
        marks[start] = mark_right;
        if (owners) owners[start] = owner;
        out.push_back(static_cast<std::int32_t>(y - 1));
        out.push_back(static_cast<std::int32_t>(x - 1));
        return;
    }

    std::int64_t i3 = start;
    int previous_step = s ^ 4;
    for (;;) {
        // Counter-clockwise from just after the pixel we came from.
        const int came_from = s;
        std::int64_t i4 = i3;
        while (s < 15) {
            ++s;
            i4 = i3 + dirs.delta[s & 7];
            if (is_foreground(i4)) break;
        }
        s &= 7;
        // 1 <= s <= came_from: the sweep wrapped through direction 0 and found background.
        if (static_cast<unsigned>(s - 1) < static_cast<unsigned>(came_from)) {
            marks[i3] = mark_right;
            if (owners) owners[i3] = owner;
        } else if (marks[i3] == unvisited) {
            marks[i3] = mark_new;
            if (owners) owners[i3] = owner;
        }

        if (every_point || s != previous_step) {
            out.push_back(static_cast<std::int32_t>(y - 1));
            out.push_back(static_cast<std::int32_t>(x - 1));
        }
        previous_step = s;
        x += kDx[s];
        y += kDy[s];
        if (i4 == start && i3 == i1) break;
        i3 = i4;
        s = (s + 4) & 7;
    }
}

}  // namespace fewseg::border
