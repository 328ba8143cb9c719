// Colour descriptors of dermoscopy's ABCD rule, per label, from an RGB image:
//  - statistics of the colour channels in sRGB (scaled to [0, 1]) and CIELAB: mean,
//    population standard deviation, quantiles;
//  - the fraction of the region's pixels whose nearest of the six dermoscopic reference
//    colours (in CIELAB) is each of them;
// and, from a grey or RGB image, border sharpness: the mean gradient magnitude of the
// lightness over the region's border pixels.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "fewseg/color.hpp"
#include "fewseg/dense_labels.hpp"
#include "fewseg/intensity_stats.hpp"
#include "fewseg/label_quantiles.hpp"

namespace fewseg {

struct ColourStats {
    std::vector<double> rgb_mean, rgb_std, rgb_quantiles;  // (K, 3), (K, 3), (K, Q, 3)
    std::vector<double> lab_mean, lab_std, lab_quantiles;
    std::vector<double> palette_fractions;  // (K, 6)
};

namespace colour_detail {

// Mean, standard deviation and quantiles of one channel, written at column `channel`.
inline void channel_stats(const std::vector<std::int64_t>& offsets, std::vector<double>& values,
                          const std::vector<double>& quantiles, int channel, std::vector<double>& mean,
                          std::vector<double>& spread, std::vector<double>& qs) {
    const std::size_t k = offsets.size() - 1, nq = quantiles.size();
    for (std::size_t i = 0; i < k; ++i) {
        const auto b = static_cast<std::size_t>(offsets[i]), e = static_cast<std::size_t>(offsets[i + 1]);
        const double n = static_cast<double>(e - b);
        CompensatedSum sum, squares;
        for (std::size_t p = b; p < e; ++p) sum.add(values[p]);
        const double mu = sum.value() / n;
        for (std::size_t p = b; p < e; ++p) squares.add((values[p] - mu) * (values[p] - mu));
        mean[3 * i + channel] = mu;
        spread[3 * i + channel] = std::sqrt(squares.value() / n);
        for (std::size_t q = 0; q < nq; ++q)
            qs[(i * nq + q) * 3 + channel] = linear_quantile(values, b, e - b, quantiles[q]);
    }
}

}  // namespace colour_detail

template <class T>
ColourStats colour_stats(const DenseLabels& labels, const StridedView<T>& rgb,
                         const std::vector<std::int64_t>& count, const std::vector<double>& quantiles) {
    const PixelReader<T> px(rgb);
    const color::Linearizer<T> lin;
    const std::size_t k = count.size(), nq = quantiles.size();
    ColourStats out;
    for (auto* v : {&out.rgb_mean, &out.rgb_std, &out.lab_mean, &out.lab_std}) v->assign(3 * k, 0.0);
    out.rgb_quantiles.assign(3 * k * nq, 0.0);
    out.lab_quantiles.assign(3 * k * nq, 0.0);
    out.palette_fractions.assign(color::kDermoscopicColours * k, 0.0);

    std::vector<std::int64_t> offsets;
    std::vector<double> values;
    for (int ch = 0; ch < 3; ++ch) {
        group_by_label(labels, count, [&](std::int64_t r, std::int64_t c) { return lin.unit(px(r, c, ch)); },
                       offsets, values);
        colour_detail::channel_stats(offsets, values, quantiles, ch, out.rgb_mean, out.rgb_std, out.rgb_quantiles);
    }
    // CIELAB costs three cube roots per pixel: each pixel is converted once, its three
    // coordinates stored grouped by label (and its nearest reference colour counted).
    const color::DermoscopicPalette palette;
    std::vector<std::int64_t> hits(color::kDermoscopicColours * k, 0);
    std::vector<double> lab[3];
    for (auto& channel : lab) channel.resize(values.size());
    std::vector<std::int64_t> next(offsets.begin(), offsets.end() - 1);
    for_each_labelled(labels, [&](std::int64_t r, std::int64_t c, std::int32_t l) {
        const auto v = color::lab_from_linear(lin.linear(px(r, c, 0)), lin.linear(px(r, c, 1)), lin.linear(px(r, c, 2)));
        const auto at = static_cast<std::size_t>(next[l - 1]++);
        for (int ch = 0; ch < 3; ++ch) lab[ch][at] = v[ch];
        ++hits[static_cast<std::size_t>(l - 1) * color::kDermoscopicColours + palette.nearest(v)];
    });
    for (int ch = 0; ch < 3; ++ch)
        colour_detail::channel_stats(offsets, lab[ch], quantiles, ch, out.lab_mean, out.lab_std, out.lab_quantiles);
    for (std::size_t s = 0; s < hits.size(); ++s)
        out.palette_fractions[s] =
            static_cast<double>(hits[s]) / static_cast<double>(count[s / color::kDermoscopicColours]);
    return out;
}

// Mean over each label's border pixels (pixels of the label with a 4-neighbour outside
// it, or on the image edge) of |grad f|, with f the CIE L* of an RGB image or the values
// of a grey image, and the gradient as numpy.gradient computes it (central differences
// inside, one-sided at the image edge, zero along an axis of length 1), per unit of
// `spacing`.
template <class T>
std::vector<double> border_sharpness(const DenseLabels& labels, const StridedView<T>& image,
                                     double row_spacing, double col_spacing) {
    const PixelReader<T> px(image);
    const color::Linearizer<T> lin;
    const bool rgb = px.channels == 3;
    auto f = [&](std::int64_t r, std::int64_t c) {
        if (rgb) return color::lightness_from_linear(lin.linear(px(r, c, 0)), lin.linear(px(r, c, 1)), lin.linear(px(r, c, 2)));
        return static_cast<double>(px(r, c, 0));
    };
    auto derivative = [](double lo, double hi, double span) { return (hi - lo) / span; };
    const std::size_t k = static_cast<std::size_t>(labels.count());
    std::vector<CompensatedSum> sums(k);
    std::vector<std::int64_t> n(k, 0);
    const std::int64_t rows = labels.rows, cols = labels.cols, w = labels.width;
    for (std::int64_t r = 0; r < rows; ++r) {
        const std::int32_t* lab = labels.row(r + 1);
        for (std::int64_t c = 0; c < cols; ++c) {
            const std::int64_t x = c + 1;
            const std::int32_t l = lab[x];
            if (l == 0 || (lab[x - 1] == l && lab[x + 1] == l && lab[x - w] == l && lab[x + w] == l)) continue;
            double gr = 0.0, gc = 0.0;
            if (rows > 1) {
                if (r == 0) gr = derivative(f(0, c), f(1, c), row_spacing);
                else if (r == rows - 1) gr = derivative(f(r - 1, c), f(r, c), row_spacing);
                else gr = derivative(f(r - 1, c), f(r + 1, c), 2.0 * row_spacing);
            }
            if (cols > 1) {
                if (c == 0) gc = derivative(f(r, 0), f(r, 1), col_spacing);
                else if (c == cols - 1) gc = derivative(f(r, c - 1), f(r, c), col_spacing);
                else gc = derivative(f(r, c - 1), f(r, c + 1), 2.0 * col_spacing);
            }
            sums[l - 1].add(std::sqrt(gr * gr + gc * gc));
            ++n[l - 1];
        }
    }
    std::vector<double> out(k, 0.0);
    for (std::size_t i = 0; i < k; ++i) out[i] = sums[i].value() / static_cast<double>(n[i]);
    return out;
}

}  // namespace fewseg
