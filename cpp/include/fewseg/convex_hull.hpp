// Convex hulls of integer points in exact integer arithmetic, their diameters, and the
// pixel centres inside a hull: the geometry behind max_span, solidity and
// feret_diameter_max. Points are (row, col) pairs; coordinates at pixel-edge midpoints
// are handled as doubled integers. Results go to vectors the caller owns, so that
// measuring thousands of small regions reuses the same memory.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace fewseg::geometry {

struct Point {
    std::int64_t r, c;
    bool operator<(const Point& o) const { return r != o.r ? r < o.r : c < o.c; }
    bool operator==(const Point& o) const { return r == o.r && c == o.c; }
};

inline std::int64_t cross(const Point& o, const Point& a, const Point& b) {
    return (a.r - o.r) * (b.c - o.c) - (a.c - o.c) * (b.r - o.r);
}

// Andrew's monotone chain on points sorted by (r, c), duplicates allowed: the hull's
// corners counter-clockwise in the (r, c) frame of `cross`, collinear points dropped;
// one or two points for degenerate input.
inline void hull_of_sorted(const std::vector<Point>& pts, std::vector<Point>& h) {
    const std::size_t n = pts.size();
    h.resize(2 * n + 1);
    std::size_t k = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && pts[i] == pts[i - 1]) continue;
        while (k >= 2 && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    if (k <= 1) {
        h.resize(k);
        return;
    }
    const std::size_t lower = k + 1;
    for (std::size_t i = n - 1; i-- > 0;) {
        if (pts[i] == pts[i + 1]) continue;
        while (k >= lower && cross(h[k - 2], h[k - 1], pts[i]) <= 0) --k;
        h[k++] = pts[i];
    }
    h.resize(k - 1);  // the first point came round again
}

inline std::vector<Point> hull(std::vector<Point> pts) {
    std::sort(pts.begin(), pts.end());
    std::vector<Point> h;
    hull_of_sorted(pts, h);
    return h;
}

// Hull of the row intervals [lo[i], hi[i]] of rows top + i (rows with lo > hi skipped):
// the points come sorted, so no sort is needed.
inline void sorted_row_hull(const std::vector<std::int64_t>& lo, const std::vector<std::int64_t>& hi,
                            std::int64_t top, std::vector<Point>& scratch, std::vector<Point>& out) {
    scratch.clear();
    for (std::size_t i = 0; i < lo.size(); ++i) {
        if (lo[i] > hi[i]) continue;
        const std::int64_t r = top + static_cast<std::int64_t>(i);
        scratch.push_back({r, lo[i]});
        if (hi[i] != lo[i]) scratch.push_back({r, hi[i]});
    }
    hull_of_sorted(scratch, out);
}

// Largest squared distance between two corners of a convex polygon (counter-clockwise,
// no collinear corners, as `hull` returns them), with the axes scaled by (sr, sc) and the
// coordinates divided by `unit` (2 for doubled coordinates). Rotating calipers: the
// farthest pair is antipodal, and antipodal pairs do not change under axis scaling, so
// they are found in exact integer arithmetic and only the distances are scaled.
inline double max_squared_distance(const std::vector<Point>& corners, double sr, double sc,
                                   double unit) {
    const std::size_t n = corners.size();
    const double fr = sr / unit, fc = sc / unit;
    auto dist = [&](std::size_t i, std::size_t j) {
        const double dr = static_cast<double>(corners[i].r - corners[j].r) * fr;
        const double dc = static_cast<double>(corners[i].c - corners[j].c) * fc;
        return dr * dr + dc * dc;
    };
    if (n < 2) return 0.0;
    if (n == 2) return dist(0, 1);
    auto next = [n](std::size_t t) { return t + 1 == n ? 0 : t + 1; };
    double best = 0.0;
    std::size_t j = 1;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t i1 = next(i);
        auto area = [&](std::size_t t) { return cross(corners[i], corners[i1], corners[t]); };
        std::int64_t here = area(j);
        for (std::int64_t ahead = area(next(j)); ahead > here; ahead = area(next(j))) {
            j = next(j);
            here = ahead;
        }
        best = std::max({best, dist(i, j), dist(i1, j)});
        const std::size_t j1 = next(j);
        if (area(j1) == here) best = std::max({best, dist(i, j1), dist(i1, j1)});  // parallel edges
    }
    return best;
}

// Corners of hull(points + the four pixel-edge midpoints around each), in doubled
// coordinates: the hull scikit-image builds for convex_hull_image. The Minkowski sum of
// the convex polygon (`corners`, as `hull` returns them) and the diamond, by merging
// their edges in angular order: linear time, no sort.
inline void diamond_hull_doubled(const std::vector<Point>& corners, std::vector<Point>& out) {
    const std::size_t n = corners.size();
    // Counter-clockwise in the (r, c) frame of `cross`, from the least (r, c) corner.
    static const Point diamond[4] = {{-1, 0}, {0, -1}, {1, 0}, {0, 1}};
    out.clear();
    if (n == 0) return;
    std::size_t first = 0;
    for (std::size_t i = 1; i < n; ++i)
        if (corners[i] < corners[first]) first = i;
    auto p = [&](std::size_t i) {
        const Point& q = corners[(first + i) % n];
        return Point{2 * q.r, 2 * q.c};
    };
    if (n == 1) {
        for (const auto& d : diamond) out.push_back({p(0).r + d.r, p(0).c + d.c});
        return;
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < 4) {
        const Point a = p(i), d = diamond[j % 4];
        out.push_back({a.r + d.r, a.c + d.c});
        const Point b = p(i + 1), e = diamond[(j + 1) % 4];
        const std::int64_t turn = (b.r - a.r) * (e.c - d.c) - (b.c - a.c) * (e.r - d.r);
        if (j == 4 || (i < n && turn > 0)) {
            ++i;  // the polygon's edge comes first in angle
        } else if (i == n || turn < 0) {
            ++j;
        } else {
            ++i;  // parallel edges make one edge of the sum
            ++j;
        }
    }
}

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {  // b > 0
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}
inline std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }

// For each integer row from `first_row` on, the first and last integer column inside or
// on the convex polygon whose corners are given in doubled coordinates (in order along
// the boundary). lo[i] > hi[i] marks a row without pixel centres.
inline void pixel_rows_in_polygon(const std::vector<Point>& doubled, std::int64_t first_row,
                                  std::int64_t n_rows, std::vector<std::int64_t>& lo,
                                  std::vector<std::int64_t>& hi) {
    lo.assign(static_cast<std::size_t>(n_rows), INT64_MAX);
    hi.assign(static_cast<std::size_t>(n_rows), INT64_MIN);
    const std::size_t n = doubled.size();
    auto update = [&](std::int64_t row, std::int64_t left, std::int64_t right) {
        const std::int64_t i = row - first_row;
        if (i < 0 || i >= n_rows) return;
        lo[i] = std::min(lo[i], left);
        hi[i] = std::max(hi[i], right);
    };
    for (std::size_t e = 0; e < n; ++e) {
        Point a = doubled[e], b = doubled[(e + 1) % n];
        if (a.r == b.r) {  // horizontal edge: its end points, on an integer row only
            if (a.r % 2 == 0)
                update(a.r / 2, ceil_div(std::min(a.c, b.c), 2), floor_div(std::max(a.c, b.c), 2));
            continue;
        }
        if (a.r > b.r) std::swap(a, b);
        // The edge crosses row `row` at doubled column num / den, i.e. column
        // num / (2 den); num grows by 2 (b.c - a.c) per row. Quotient and remainder are
        // stepped instead of divided on every row.
        const std::int64_t den2 = 2 * (b.r - a.r);
        std::int64_t row = ceil_div(a.r, 2);
        const std::int64_t num = a.c * (b.r - a.r) + (b.c - a.c) * (2 * row - a.r);
        std::int64_t q = floor_div(num, den2), rem = num - q * den2;
        const std::int64_t step = 2 * (b.c - a.c);
        const std::int64_t step_q = floor_div(step, den2), step_rem = step - step_q * den2;
        for (; 2 * row <= b.r; ++row) {
            update(row, q + (rem != 0), q);
            q += step_q;
            rem += step_rem;
            if (rem >= den2) {
                rem -= den2;
                ++q;
            }
        }
    }
    if (n == 1) update(doubled[0].r / 2, ceil_div(doubled[0].c, 2), floor_div(doubled[0].c, 2));
}

}  // namespace fewseg::geometry
