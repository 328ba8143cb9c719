// scikit-image's convex hull measures of every label, from the first and last pixel of
// each of its rows (collected run by run while the label image is read):
//  - the pixel count of convex_hull_image (for area_convex and solidity): pixel centres
//    inside or on the hull of the pixels' edge midpoints;
//  - feret_diameter_max: the largest distance between the edge midpoints on the border of
//    that pixel set, i.e. the diameter of the hull of its pixels grown by the same edge
//    midpoints.
// The hull of a set of pixels is the hull of the first and last pixel of its rows, so
// nothing else is needed; all of it is exact integer arithmetic until the final distance.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "fewseg/convex_hull.hpp"

namespace fewseg {

// First and last column of each row of each label, grouped by label, rows ascending.
class RowExtents {
  public:
    // Runs arrive in raster order (see DenseLabels::from).
    void add(std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
        if (static_cast<std::size_t>(id) >= last_.size()) last_.resize(static_cast<std::size_t>(id) + 1, -1);
        std::int64_t& at = last_[id];
        if (at >= 0 && entries_[at].row == r) {
            entries_[at].hi = e - 1;  // runs of a row come left to right
            return;
        }
        at = static_cast<std::int64_t>(entries_.size());
        entries_.push_back({id, r, b, e - 1});
    }

    // Appends the extents another accumulator collected from later rows.
    void merge(const RowExtents& later) {
        entries_.insert(entries_.end(), later.entries_.begin(), later.entries_.end());
    }

    struct Entry {
        std::int32_t id;
        std::int64_t row, lo, hi;
    };

    // Groups the entries by label (counting sort, stable): label k's entries are
    // grouped()[offsets[k - 1], offsets[k]).
    void finish(std::int32_t n_labels) {
        offsets_.assign(static_cast<std::size_t>(n_labels) + 1, 0);
        for (const auto& e : entries_) ++offsets_[e.id];
        for (std::size_t k = 1; k < offsets_.size(); ++k) offsets_[k] += offsets_[k - 1];
        // offsets_[k] is now the end of label k; shift to starts (label ids are 1-based)
        std::vector<std::int64_t> next(offsets_.begin(), offsets_.end() - 1);
        grouped_.resize(entries_.size());
        for (const auto& e : entries_) grouped_[static_cast<std::size_t>(next[e.id - 1]++)] = e;
        entries_.clear();
        entries_.shrink_to_fit();
        last_.clear();
    }
    const std::vector<Entry>& grouped() const { return grouped_; }
    const std::vector<std::int64_t>& offsets() const { return offsets_; }

  private:
    std::vector<Entry> entries_, grouped_;
    std::vector<std::int64_t> last_, offsets_;
};

struct ConvexFeatures {
    std::vector<std::int64_t> convex_area;  // pixels of convex_hull_image
    std::vector<double> feret_diameter;
};

inline ConvexFeatures convex_features(const RowExtents& extents, const std::vector<std::int64_t>& bbox,
                                      double row_spacing, double col_spacing) {
    using geometry::Point;
    const std::size_t k = extents.offsets().size() - 1;
    ConvexFeatures out;
    out.convex_area.assign(k, 0);
    out.feret_diameter.assign(k, 0.0);
    std::vector<std::int64_t> lo, hi;
    std::vector<Point> points, corners, grown, hull_pixels, outline;
    for (std::size_t i = 0; i < k; ++i) {
        const std::int64_t top = bbox[4 * i], n_rows = bbox[4 * i + 2] - top;
        lo.assign(static_cast<std::size_t>(n_rows), INT64_MAX);
        hi.assign(static_cast<std::size_t>(n_rows), INT64_MIN);
        for (std::int64_t e = extents.offsets()[i]; e < extents.offsets()[i + 1]; ++e) {
            const auto& entry = extents.grouped()[static_cast<std::size_t>(e)];
            lo[entry.row - top] = entry.lo;
            hi[entry.row - top] = entry.hi;
        }
        geometry::sorted_row_hull(lo, hi, top, points, corners);
        geometry::diamond_hull_doubled(corners, grown);
        geometry::pixel_rows_in_polygon(grown, top, n_rows, lo, hi);
        std::int64_t count = 0;
        for (std::size_t r = 0; r < lo.size(); ++r)
            if (hi[r] >= lo[r]) count += hi[r] - lo[r] + 1;
        out.convex_area[i] = count;
        geometry::sorted_row_hull(lo, hi, top, points, hull_pixels);
        geometry::diamond_hull_doubled(hull_pixels, outline);
        out.feret_diameter[i] = std::sqrt(geometry::max_squared_distance(outline, row_spacing, col_spacing, 2.0));
    }
    return out;
}

}  // namespace fewseg
