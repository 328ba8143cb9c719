// The seed's three features of each label, from its outer contours (label_contours.hpp):
// contour area (|shoelace|, as cv2.contourArea), closed arc length (as cv2.arcLength, in
// exact double steps), radius of the minimum enclosing circle, and the largest distance
// between two contour points (max span). The outer contours hold the first and last pixel
// of every row of the label, so the hull of their points is the hull of all its pixels.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "fewseg/convex_hull.hpp"
#include "fewseg/enclosing_circle.hpp"
#include "fewseg/label_contours.hpp"

namespace fewseg {

struct ContourFeatures {
    std::vector<double> contour_area, arc_length, enclosing_radius, max_span;
};

namespace contour_features_detail {

// Memory reused from one label to the next.
struct Scratch {
    std::vector<std::int64_t> lo, hi;
    std::vector<geometry::Point> points, corners;
};

// The first and last column met on each row of a label's contour points, and from them
// the hull corners (rows in order, so no sort is needed).
inline void hull_from_row_extremes(const std::vector<std::int32_t>& points, std::int64_t first,
                                   std::int64_t last, std::int64_t top, std::int64_t bottom, Scratch& s) {
    const std::int64_t n_rows = bottom - top;
    s.lo.assign(static_cast<std::size_t>(n_rows), INT64_MAX);
    s.hi.assign(static_cast<std::size_t>(n_rows), INT64_MIN);
    for (std::int64_t i = first; i < last; ++i) {
        const std::int64_t r = points[2 * i] - top, c = points[2 * i + 1];
        s.lo[r] = std::min<std::int64_t>(s.lo[r], c);
        s.hi[r] = std::max<std::int64_t>(s.hi[r], c);
    }
    geometry::sorted_row_hull(s.lo, s.hi, top, s.points, s.corners);
}

}  // namespace contour_features_detail

inline ContourFeatures contour_features(const LabelContours& outer, std::int32_t n_labels,
                                        const std::vector<std::int64_t>& bbox) {
    ContourFeatures out;
    const std::size_t k = static_cast<std::size_t>(n_labels);
    out.contour_area.assign(k, 0.0);
    out.arc_length.assign(k, 0.0);
    out.enclosing_radius.assign(k, 0.0);
    out.max_span.assign(k, 0.0);
    const auto& pts = outer.contours.points;
    const auto& off = outer.contours.offsets;
    contour_features_detail::Scratch s;
    const double sqrt2 = std::sqrt(2.0);

    outer.for_each_label([&](std::size_t slot, std::size_t i, std::size_t j) {
        const std::int64_t* box = &bbox[4 * slot];

        std::int64_t twice_area = 0, axial = 0, diagonal = 0;
        for (std::size_t c = i; c < j; ++c) {
            const std::int64_t b = off[c], e = off[c + 1];
            std::int64_t shoelace = 0;
            for (std::int64_t p = b; p < e; ++p) {
                const std::int64_t q = p + 1 < e ? p + 1 : b;
                const std::int64_t r0 = pts[2 * p], c0 = pts[2 * p + 1];
                const std::int64_t r1 = pts[2 * q], c1 = pts[2 * q + 1];
                shoelace += c0 * r1 - c1 * r0;
                const std::int64_t steps = (r1 != r0) + (c1 != c0);
                axial += steps == 1;
                diagonal += steps == 2;
            }
            twice_area += shoelace < 0 ? -shoelace : shoelace;
        }
        out.contour_area[slot] = 0.5 * static_cast<double>(twice_area);
        out.arc_length[slot] = static_cast<double>(axial) + sqrt2 * static_cast<double>(diagonal);

        contour_features_detail::hull_from_row_extremes(pts, off[i], off[j], box[0], box[2], s);
        out.max_span[slot] = std::sqrt(geometry::max_squared_distance(s.corners, 1.0, 1.0, 1.0));
        out.enclosing_radius[slot] = geometry::min_enclosing_circle(s.corners, s.points).radius;
    });
    return out;
}

}  // namespace fewseg
