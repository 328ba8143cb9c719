// Shape descriptors of dermoscopy's ABCD rule, per label:
//  - asymmetry about each principal axis (Stoecker, Li and Moss 1992): the region is
//    mirrored about the axis through its centroid, and the pixels where region and mirror
//    image differ (their XOR) are counted and divided by the region's area;
//  - box-counting fractal dimension of the border (Claridge et al. 1992), on the points
//    of the outer contour.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "fewseg/dense_labels.hpp"
#include "fewseg/label_contours.hpp"
#include "fewseg/region_moments.hpp"

namespace fewseg {

constexpr double kPi = 3.14159265358979323846;

// The orientation scikit-image reports: the angle between the row axis and the major
// axis, from the central moments (mu20, mu11, mu02).
inline double principal_angle(double mu20, double mu11, double mu02) {
    const double a = mu02, b = -mu11, c = mu20;
    if (a - c == 0) return b < 0 ? kPi / 4.0 : -kPi / 4.0;
    return 0.5 * std::atan2(-2.0 * b, c - a);
}

// asymmetry[2 * (k - 1) + axis], axis 0 the major axis, 1 the minor axis.
// The mirror image of the region is sampled at pixel centres: pixel q belongs to it when
// the pixel nearest to q's reflection belongs to the region. Pixels are counted over a
// rectangle holding both the region and its mirror image, also where that rectangle
// reaches beyond the image: a mirror image cut by the image edge would make a region
// near the edge look more symmetric than the same region elsewhere.
// Coordinates are taken from the corner of the region's bounding box: where a reflection
// lands half-way between pixel centres, the nearest pixel is then decided by the same
// floating-point numbers wherever the region lies, so the result does not depend on
// the region's position in the image.
inline std::vector<double> asymmetry(const DenseLabels& labels, const RegionMoments& m) {
    const std::size_t k = static_cast<std::size_t>(labels.count());
    std::vector<double> out(2 * k, 0.0);
    for (std::size_t i = 0; i < k; ++i) {
        const std::int32_t label = static_cast<std::int32_t>(i + 1);
        const std::int64_t count = m.count[i];
        const std::int64_t* box = &m.bbox[4 * i];
        const std::int64_t top = box[0], left = box[1];
        const double n = static_cast<double>(count);
        const double cr = static_cast<double>(m.sums[2 * i] - count * top) / n;
        const double cc = static_cast<double>(m.sums[2 * i + 1] - count * left) / n;
        const double* mu = &m.central[7 * i];
        const double theta = principal_angle(mu[0], mu[1], mu[2]);
        const std::int64_t height = box[2] - top, width = box[3] - left;
        // Whether the pixel at (r, c) from the box corner is in the region.
        auto in_region = [&](std::int64_t r, std::int64_t c) {
            return r >= 0 && r < height && c >= 0 && c < width && labels.row(top + r + 1)[left + c + 1] == label;
        };
        for (int axis = 0; axis < 2; ++axis) {
            const double ur = axis == 0 ? std::cos(theta) : -std::sin(theta);
            const double uc = axis == 0 ? std::sin(theta) : std::cos(theta);
            auto reflect = [&](double r, double c, double& rr, double& rc) {
                const double dr = r - cr, dc = c - cc, along = dr * ur + dc * uc;
                rr = cr + 2.0 * along * ur - dr;
                rc = cc + 2.0 * along * uc - dc;
            };
            // The rectangle: the bounding box and the bounding box of its mirror image.
            double r_lo = 0.0, r_hi = static_cast<double>(height - 1);
            double c_lo = 0.0, c_hi = static_cast<double>(width - 1);
            for (int corner = 0; corner < 4; ++corner) {
                double rr, rc;
                reflect(static_cast<double>(corner & 1 ? height - 1 : 0),
                        static_cast<double>(corner & 2 ? width - 1 : 0), rr, rc);
                r_lo = std::min(r_lo, rr);
                r_hi = std::max(r_hi, rr);
                c_lo = std::min(c_lo, rc);
                c_hi = std::max(c_hi, rc);
            }
            const auto r0 = static_cast<std::int64_t>(std::floor(r_lo)) - 1;
            const auto r1 = static_cast<std::int64_t>(std::ceil(r_hi)) + 1;
            const auto c0 = static_cast<std::int64_t>(std::floor(c_lo)) - 1;
            const auto c1 = static_cast<std::int64_t>(std::ceil(c_hi)) + 1;
            std::int64_t differ = 0;
            for (std::int64_t r = r0; r <= r1; ++r) {
                for (std::int64_t c = c0; c <= c1; ++c) {
                    double rr, rc;
                    reflect(static_cast<double>(r), static_cast<double>(c), rr, rc);
                    const bool mirrored = in_region(static_cast<std::int64_t>(std::floor(rr + 0.5)),
                                                    static_cast<std::int64_t>(std::floor(rc + 0.5)));
                    differ += in_region(r, c) != mirrored;
                }
            }
            out[2 * i + axis] = static_cast<double>(differ) / n;
        }
    }
    return out;
}

// Fractal dimension of each label's outer contour points by box counting: boxes of side
// s = 1, 2, 4, ... up to a quarter of the larger side of the bounding box, aligned on its
// top-left corner; the dimension is minus the least-squares slope of log N(s) on log s.
// NaN for regions whose bounding box is smaller than 8 pixels (fewer than two scales).
inline std::vector<double> border_fractal_dimension(const LabelContours& outer,
                                                    const RegionMoments& m) {
    const std::size_t k = m.count.size();
    std::vector<double> out(k, std::numeric_limits<double>::quiet_NaN());
    const auto& pts = outer.contours.points;
    const auto& off = outer.contours.offsets;
    std::vector<std::int64_t> boxes;
    outer.for_each_label([&](std::size_t slot, std::size_t i, std::size_t j) {
        const std::int64_t* box = &m.bbox[4 * slot];
        const std::int64_t extent = std::max(box[2] - box[0], box[3] - box[1]);
        std::vector<double> log_s, log_n;
        for (int shift = 0; (std::int64_t{1} << shift) * 4 <= extent; ++shift) {
            const std::int64_t across = ((box[3] - box[1]) >> shift) + 1;
            boxes.clear();
            for (std::int64_t p = off[i]; p < off[j]; ++p) {
                const std::int64_t br = (pts[2 * p] - box[0]) >> shift;
                const std::int64_t bc = (pts[2 * p + 1] - box[1]) >> shift;
                boxes.push_back(br * across + bc);
            }
            std::sort(boxes.begin(), boxes.end());
            const auto distinct = std::unique(boxes.begin(), boxes.end()) - boxes.begin();
            log_s.push_back(shift * std::log(2.0));
            log_n.push_back(std::log(static_cast<double>(distinct)));
        }
        if (log_s.size() >= 2) {
            const double ns = static_cast<double>(log_s.size());
            double ms = 0, mn = 0;
            for (std::size_t t = 0; t < log_s.size(); ++t) {
                ms += log_s[t];
                mn += log_n[t];
            }
            ms /= ns;
            mn /= ns;
            double sxy = 0, sxx = 0;
            for (std::size_t t = 0; t < log_s.size(); ++t) {
                sxy += (log_s[t] - ms) * (log_n[t] - mn);
                sxx += (log_s[t] - ms) * (log_s[t] - ms);
            }
            out[slot] = sxy == 0 ? 0.0 : -sxy / sxx;
        }
    });
    return out;
}

}  // namespace fewseg
