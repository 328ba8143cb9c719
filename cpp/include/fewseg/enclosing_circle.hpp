// Minimum enclosing circle of integer points: Welzl's randomised incremental algorithm
// (1991) with exact integer predicates, so the circle found is the true minimum one
// whatever the collinear and cocircular points of pixel contours; only the final centre
// and radius are rounded (to double). The shuffle uses a fixed seed: same input, same
// output.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

#include "fewseg/convex_hull.hpp"

namespace fewseg::geometry {

struct Circle {
    double r = 0.0, c = 0.0, radius = 0.0;
};

namespace circle_detail {

using i128 = __int128;

// A circle through 1, 2 (as a diameter) or 3 of the points, tested exactly.
struct Support {
    Point a{}, b{}, c{};
    int n = 0;

    bool contains(const Point& p) const {
        if (n == 1) return p == a;
        if (n == 2) {  // inside the circle on diameter ab: angle apb >= 90 degrees
            return (p.r - a.r) * (p.r - b.r) + (p.c - a.c) * (p.c - b.c) <= 0;
        }
        // In-circle determinant of rows (b - a), (c - a), (p - a) with their squared
        // norms: negative for p inside when abc turns counter-clockwise.
        const i128 br = b.r - a.r, bc = b.c - a.c, cr = c.r - a.r, cc = c.c - a.c;
        const i128 pr = p.r - a.r, pc = p.c - a.c;
        const i128 b2 = br * br + bc * bc, c2 = cr * cr + cc * cc, p2 = pr * pr + pc * pc;
        const i128 det = br * (cc * p2 - c2 * pc) - bc * (cr * p2 - c2 * pr) + b2 * (cr * pc - cc * pr);
        const i128 orient = br * cc - bc * cr;
        return orient > 0 ? det <= 0 : det >= 0;
    }

    Circle circle() const {
        Circle out;
        if (n == 1) {
            out.r = static_cast<double>(a.r);
            out.c = static_cast<double>(a.c);
            return out;
        }
        if (n == 2) {
            out.r = 0.5 * static_cast<double>(a.r + b.r);
            out.c = 0.5 * static_cast<double>(a.c + b.c);
            out.radius = 0.5 * std::hypot(static_cast<double>(a.r - b.r), static_cast<double>(a.c - b.c));
            return out;
        }
        const i128 br = b.r - a.r, bc = b.c - a.c, cr = c.r - a.r, cc = c.c - a.c;
        const i128 b2 = br * br + bc * bc, c2 = cr * cr + cc * cc;
        const double d = 2.0 * static_cast<double>(br * cc - bc * cr);
        const double ur = static_cast<double>(cc * b2 - bc * c2) / d;
        const double uc = static_cast<double>(br * c2 - cr * b2) / d;
        out.r = static_cast<double>(a.r) + ur;
        out.c = static_cast<double>(a.c) + uc;
        out.radius = std::hypot(ur, uc);
        return out;
    }
};

inline bool collinear(const Point& a, const Point& b, const Point& c) { return cross(a, b, c) == 0; }

// Circle with p and q on its boundary enclosing pts[0..k): the last of Welzl's loops.
inline Support with_two(const std::vector<Point>& pts, std::size_t k, const Point& p, const Point& q) {
    Support s{p, q, {}, 2};
    for (std::size_t i = 0; i < k; ++i) {
        if (s.contains(pts[i])) continue;
        if (collinear(p, q, pts[i])) {
            // Cannot happen for a true minimum circle; keep the widest diameter.
            const Point& far = pts[i];
            const auto d = [](const Point& u, const Point& v) {
                return (u.r - v.r) * (u.r - v.r) + (u.c - v.c) * (u.c - v.c);
            };
            s = d(p, far) >= d(q, far) ? Support{p, far, {}, 2} : Support{q, far, {}, 2};
        } else {
            s = Support{p, q, pts[i], 3};
        }
    }
    return s;
}

inline Support with_one(const std::vector<Point>& pts, std::size_t k, const Point& p) {
    Support s{p, {}, {}, 1};
    for (std::size_t i = 0; i < k; ++i)
        if (!s.contains(pts[i])) s = with_two(pts, i, p, pts[i]);
    return s;
}

}  // namespace circle_detail

// The minimum enclosing circle of `points`, shuffled in `pts` (scratch). Passing only
// the corners of the convex hull gives the same circle, faster.
inline Circle min_enclosing_circle(const std::vector<Point>& points, std::vector<Point>& pts) {
    pts.assign(points.begin(), points.end());
    if (pts.empty()) return {};
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;  // splitmix64: a fixed, portable shuffle
    for (std::size_t i = pts.size(); i > 1; --i) {
        state += 0x9E3779B97F4A7C15ULL;
        std::uint64_t z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        std::swap(pts[i - 1], pts[z % i]);
    }
    circle_detail::Support s{pts[0], {}, {}, 1};
    for (std::size_t i = 1; i < pts.size(); ++i)
        if (!s.contains(pts[i])) s = circle_detail::with_one(pts, i, pts[i]);
    return s.circle();
}

}  // namespace fewseg::geometry
