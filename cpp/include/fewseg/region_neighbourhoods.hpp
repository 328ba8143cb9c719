// Per-label histograms of local pixel configurations, from which scikit-image's
// perimeter, perimeter_crofton and euler_number follow by a dot product with its weights.
// Every label is measured in the same pass; other labels count as background, exactly as
// when scikit-image crops the region's own mask.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fewseg/dense_labels.hpp"
#include "fewseg/runs.hpp"
#include "fewseg/vector_clones.hpp"

namespace fewseg {

constexpr int kBorderCodes = 50;
constexpr int kQuadConfigurations = 16;

namespace neighbourhood_detail {

// Border flags of padded row y: a pixel of a label with a 4-neighbour outside it.
FEWSEG_VECTOR_CLONES inline void border_row(const DenseLabels& image, std::int64_t y, std::uint8_t* flags) {
    const std::int64_t w = image.width;
    const std::int32_t* row = image.row(y);
    flags[0] = flags[w - 1] = 0;
    if (y == 0 || y > image.rows) {
        std::memset(flags, 0, static_cast<std::size_t>(w));
        return;
    }
    for (std::int64_t x = 1; x <= image.cols; ++x) {
        const std::int32_t l = row[x];
        flags[x] = static_cast<std::uint8_t>((l != 0) &
                                             ((row[x - 1] != l) | (row[x + 1] != l) | (row[x - w] != l) | (row[x + w] != l)));
    }
}

}  // namespace neighbourhood_detail

// Histograms of one block of rows, counts[(k - 1) * 50 + code] and [(k - 1) * 16 + code].
struct NeighbourhoodCounts {
    std::vector<std::int64_t> border_codes, quads;

    void add(const NeighbourhoodCounts& other) {
        for (std::size_t i = 0; i < border_codes.size(); ++i) border_codes[i] += other.border_codes[i];
        for (std::size_t i = 0; i < quads.size(); ++i) quads[i] += other.quads[i];
    }
};

// For the padded rows y in [first, last) (1 <= first <= last <= rows + 1), in one sweep that
// keeps three rows of the label image at hand:
//  - scikit-image's perimeter codes: a border pixel is a pixel of the label with a
//    4-neighbour outside it (the image edge counts as outside); it gets the code
//    1 + 2 * (border pixels of the label among its 4-neighbours)
//      + 10 * (border pixels of the label among its diagonal neighbours);
//  - the configurations of the 2x2 windows over rows (y - 1, y) (and, for the last block,
//    over the last row and the padding below) that hold a pixel of the label, coded as scikit-image codes them for euler_number and perimeter_crofton:
//    1 * bottom-right + 2 * top-right + 4 * bottom-left + 8 * top-left. Windows inside
//    one label (code 15) weigh nothing in either and are skipped a stretch at a time.
// Blocks covering 1 .. rows + 1 count every border pixel and every window exactly once.
inline NeighbourhoodCounts neighbourhood_counts(const DenseLabels& image, bool codes, bool quads,
                                                std::int64_t first, std::int64_t last) {
    const std::int64_t w = image.width;
    const std::size_t k = static_cast<std::size_t>(image.count());
    NeighbourhoodCounts out;
    if (codes) out.border_codes.assign(k * kBorderCodes, 0);
    if (quads) out.quads.assign(k * kQuadConfigurations, 0);
    if (k == 0 || first >= last) return out;
    std::vector<std::uint8_t> ring(static_cast<std::size_t>(3 * w + 8), 0);
    auto flags_of = [&](std::int64_t y) { return ring.data() + (y % 3) * w; };
    if (codes) {
        neighbourhood_detail::border_row(image, first - 1, flags_of(first - 1));
        neighbourhood_detail::border_row(image, first, flags_of(first));
    }
    const std::int64_t end = image.cols + 1;  // last column of the padded rows
    RowRuns top_runs, bottom_runs;
    if (quads) top_runs.load(image.row(first - 1), end + 1);

    // The block ending the image also takes the windows over its last row and the padding.
    const std::int64_t last_window = last == image.rows + 1 ? last + 1 : last;
    for (std::int64_t y = first; y < last_window; ++y) {
        if (quads) {
            const std::int32_t* top = image.row(y - 1);
            const std::int32_t* bottom = image.row(y);
            bottom_runs.load(bottom, end + 1);
            std::int64_t* counts = out.quads.data();
            std::int64_t x = 0;
            while (x < end) {
                const std::int32_t tl = top[x], bl = bottom[x];
                if (tl == bl) {
                    // Both rows constant and equal on [x, e): windows x .. e - 2 are uniform.
                    const std::int64_t e = std::min(top_runs.end_of(x), bottom_runs.end_of(x));
                    if (e - 1 > x) {
                        x = e - 1;
                        continue;
                    }
                }
                const std::int32_t tr = top[x + 1], br = bottom[x + 1];
                auto add = [&](std::int32_t l) {
                    const int code = (br == l) + 2 * (tr == l) + 4 * (bl == l) + 8 * (tl == l);
                    ++counts[static_cast<std::size_t>(l - 1) * kQuadConfigurations + code];
                };
                if (tl) add(tl);
                if (tr && tr != tl) add(tr);
                if (bl && bl != tl && bl != tr) add(bl);
                if (br && br != tl && br != tr && br != bl) add(br);
                ++x;
            }
            std::swap(top_runs, bottom_runs);
        }
        if (codes && y < last) {
            neighbourhood_detail::border_row(image, y + 1, flags_of(y + 1));
            const std::uint8_t *up = flags_of(y - 1), *mid = flags_of(y), *down = flags_of(y + 1);
            const std::int32_t *lup = image.row(y - 1), *lab = image.row(y), *ldown = image.row(y + 1);
            std::int64_t* counts = out.border_codes.data();
            // Border pixels are a few percent of a label image: found eight flags at a time.
            for (std::int64_t x = 1; x <= image.cols; ++x) {
                if (x + 8 <= image.cols + 1) {
                    std::uint64_t word;
                    std::memcpy(&word, mid + x, 8);
                    if (word == 0) {
                        x += 7;
                        continue;
                    }
                }
                if (!mid[x]) continue;
                const std::int32_t l = lab[x];
                const int axial = (mid[x - 1] & (lab[x - 1] == l)) + (mid[x + 1] & (lab[x + 1] == l)) +
                                  (up[x] & (lup[x] == l)) + (down[x] & (ldown[x] == l));
                const int diagonal = (up[x - 1] & (lup[x - 1] == l)) + (up[x + 1] & (lup[x + 1] == l)) +
                                     (down[x - 1] & (ldown[x - 1] == l)) + (down[x + 1] & (ldown[x + 1] == l));
                ++counts[static_cast<std::size_t>(l - 1) * kBorderCodes + 1 + 2 * axial + 10 * diagonal];
            }
        }
    }
    return out;
}

}  // namespace fewseg
