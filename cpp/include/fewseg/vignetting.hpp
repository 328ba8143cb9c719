// The vignetting profile of a dermoscopy image and the gains it gives every pixel.
//
// Light falls off with the distance from the centre of the dermatoscope's field of view.
// Pixels are grouped in rings of equal width around that centre (the distance scaled to
// 1 at the farthest pixel); in every ring and channel, a high percentile of the pixels
// inside the field of view (quantised to `levels` steps) traces the skin's brightness.
// Light only falls off outwards, so a ring darker than one outside it is lesion: the
// profile takes the running maximum from the outer ring inwards, then is scaled to 1 at
// its brightest. Each pixel's gain is the profile interpolated linearly between ring
// centres at its distance.
//
// Every step computes what the numpy version (tests/reference_vignetting.py) computes, in
// the same order, so the gains are the same to the last bit on x86-64.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "fewseg/strided.hpp"

namespace fewseg {

struct RingProfileOptions {
    double centre_row = 0, centre_col = 0;
    double percentile = 80;  // in [0, 100]
    int rings = 64;
    int levels = 256;
};

namespace detail {

// Quantised level of a value in [0, 1]: round half up, out-of-range values clamped
// (numpy: truncate value * (levels - 1) + 0.5, in float32, then clip).
inline int level_of(float value, int levels) {
    const float scaled = value * static_cast<float>(levels - 1) + 0.5f;
    if (!(scaled >= 1.0f)) return 0;  // also NaN
    if (scaled >= static_cast<float>(levels - 1)) return levels - 1;
    return static_cast<int>(scaled);
}

// Where np.interp(x, xp, fp) takes its value for increasing xp: fp[at] when `exact`,
// else slopes[at] * (x - xp[at]) + fp[at]. The same for every fp on the same xp.
struct Interpolation {
    std::int64_t at;
    bool exact;
};

inline Interpolation interpolation(double x, const std::vector<double>& xp) {
    const auto n = static_cast<std::int64_t>(xp.size());
    if (x < xp[0]) return {0, true};
    if (x > xp[n - 1]) return {n - 1, true};
    // xp are evenly spaced: a first guess, then the exact interval xp[j] <= x < xp[j + 1].
    auto j = std::clamp<std::int64_t>(static_cast<std::int64_t>(x * static_cast<double>(n) - 0.5), 0, n - 1);
    while (j + 1 < n && xp[j + 1] <= x) ++j;
    while (j > 0 && xp[j] > x) --j;
    return {j, j == n - 1 || xp[j] == x};
}

}  // namespace detail

// `rgb`: (rows, cols, channels) float; `inside`: (rows, cols), nonzero in the field of
// view. Writes the C-ordered (rows, cols, channels) gains.
inline void ring_gains(const StridedView<float>& rgb, const StridedView<std::uint8_t>& inside,
                       const RingProfileOptions& o, float* gains) {
    if (rgb.shape.size() != 3 || inside.shape.size() != 2 || inside.shape[0] != rgb.shape[0] ||
        inside.shape[1] != rgb.shape[1])
        throw std::invalid_argument("rgb must be (rows, cols, channels) and inside (rows, cols)");
    if (o.rings < 2 || o.levels < 2) throw std::invalid_argument("rings and levels must be at least 2");
    if (!(o.percentile >= 0 && o.percentile <= 100)) throw std::invalid_argument("percentile must be in [0, 100]");
    // A centre far off the image would overflow the squared distances.
    constexpr double kFarthestCentre = 1e12;
    if (!(std::abs(o.centre_row) <= kFarthestCentre && std::abs(o.centre_col) <= kFarthestCentre))
        throw std::invalid_argument("centre must be finite and within 1e12 pixels");
    const std::int64_t rows = rgb.shape[0], cols = rgb.shape[1], channels = rgb.shape[2];
    if (rows == 0 || cols == 0 || channels == 0) return;
    const int rings = o.rings, levels = o.levels;

    // Distances scaled to 1 at the farthest pixel, a corner (distance is convex).
    std::vector<double> row_part(static_cast<std::size_t>(rows)), col_part(static_cast<std::size_t>(cols));
    for (std::int64_t r = 0; r < rows; ++r) {
        const double dy = static_cast<double>(r) - o.centre_row;
        row_part[r] = dy * dy;
    }
    for (std::int64_t c = 0; c < cols; ++c) {
        const double dx = static_cast<double>(c) - o.centre_col;
        col_part[c] = dx * dx;
    }
    double farthest = 0;
    for (std::int64_t r : {std::int64_t(0), rows - 1})
        for (std::int64_t c : {std::int64_t(0), cols - 1}) farthest = std::max(farthest, std::sqrt(row_part[r] + col_part[c]));
    std::vector<double> distance(static_cast<std::size_t>(rows * cols));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < cols; ++c) {
            const double d = std::sqrt(row_part[r] + col_part[c]);
            distance[r * cols + c] = farthest > 0 ? d / farthest : d;
        }

    // Histograms of quantised values per channel and ring, over the field of view.
    std::vector<std::int64_t> histogram(static_cast<std::size_t>(channels * rings * levels), 0);
    for (std::int64_t r = 0; r < rows; ++r) {
        for (std::int64_t c = 0; c < cols; ++c) {
            if (*reinterpret_cast<const std::uint8_t*>(inside.data + r * inside.strides[0] + c * inside.strides[1]) == 0)
                continue;
            const auto ring = std::min<std::int64_t>(static_cast<std::int64_t>(distance[r * cols + c] * rings), rings - 1);
            const char* pixel = rgb.data + r * rgb.strides[0] + c * rgb.strides[1];
            for (std::int64_t k = 0; k < channels; ++k) {
                const float v = *reinterpret_cast<const float*>(pixel + k * rgb.strides[2]);
                ++histogram[static_cast<std::size_t>((k * rings + ring) * levels + detail::level_of(v, levels))];
            }
        }
    }

    std::vector<double> centres(static_cast<std::size_t>(rings));
    for (int i = 0; i < rings; ++i) centres[i] = (i + 0.5) / rings;
    std::vector<std::vector<double>> profiles(static_cast<std::size_t>(channels)), slopes(profiles.size());
    for (std::int64_t k = 0; k < channels; ++k) {
        std::vector<double>& profile = profiles[k];
        profile.assign(static_cast<std::size_t>(rings), 0.0);
        for (int i = 0; i < rings; ++i) {
            const std::int64_t* counts = &histogram[static_cast<std::size_t>((k * rings + i) * levels)];
            std::int64_t total = 0;
            for (int l = 0; l < levels; ++l) total += counts[l];
            if (total == 0) continue;
            const double target = std::max(std::ceil(static_cast<double>(total) * (o.percentile / 100.0)), 1.0);
            std::int64_t cumulative = 0;
            int first = 0;
            for (int l = 0; l < levels; ++l) {
                cumulative += counts[l];
                if (static_cast<double>(cumulative) >= target) {
                    first = l;
                    break;
                }
            }
            profile[i] = static_cast<double>(first) / (levels - 1);
        }
        for (int i = rings - 2; i >= 0; --i) profile[i] = std::max(profile[i], profile[i + 1]);
        const double top = std::max(*std::max_element(profile.begin(), profile.end()), 1e-6);
        for (double& p : profile) p /= top;
        slopes[k].resize(static_cast<std::size_t>(rings - 1));
        for (int i = 0; i + 1 < rings; ++i) slopes[k][i] = (profile[i + 1] - profile[i]) / (centres[i + 1] - centres[i]);
    }

    // (Distances are finite: the centre is checked.)
    for (std::int64_t p = 0; p < rows * cols; ++p) {
        const double d = distance[p];
        const detail::Interpolation where = detail::interpolation(d, centres);
        float* out = gains + p * channels;
        for (std::int64_t k = 0; k < channels; ++k) {
            const double value = where.exact ? profiles[k][where.at]
                                             : slopes[k][where.at] * (d - centres[where.at]) + profiles[k][where.at];
            out[k] = static_cast<float>(value);
        }
    }
}

}  // namespace fewseg
