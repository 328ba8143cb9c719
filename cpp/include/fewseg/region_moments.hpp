// Pixel count, bounding box and exact central moments up to order 3 of every label,
// accumulated run by run while the label image is read (DenseLabels::from).
//
// Raw moments sum_{pixels} r^p c^q are accumulated in integers (closed-form power sums
// per run), so they are exact; the central moments mu_pq are then formed from them in
// 128-bit integer arithmetic and rounded to double once, instead of summing
// floating-point deltas. With this, symmetric regions give exactly zero odd moments and
// the results do not depend on where the region sits in the image.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>


namespace fewseg {

struct RegionMoments {
    // Per dense id k (index k - 1):
    std::vector<std::int64_t> count;
    std::vector<std::int64_t> bbox;       // 4 per label: min_row, min_col, max_row + 1, max_col + 1
    std::vector<std::int64_t> sums;       // 2 per label: sum of rows, sum of cols
    std::vector<double> central;          // 7 per label: mu20, mu11, mu02, mu30, mu21, mu12, mu03
};

namespace moments_detail {

using i128 = __int128;

// sum_{c=0}^{n} c^k for k = 1, 2, 3 (n >= -1).
inline void prefix_power_sums(i128 n, i128 out[3]) {
    if (n < 0) {
        out[0] = out[1] = out[2] = 0;
        return;
    }
    const i128 t = n * (n + 1) / 2;
    out[0] = t;
    out[1] = n * (n + 1) * (2 * n + 1) / 6;
    out[2] = t * t;
}

template <class Acc>
struct RawMoments {
    // m[p][q] = sum r^p c^q, p + q <= 3
    Acc m00 = 0, m10 = 0, m01 = 0, m20 = 0, m11 = 0, m02 = 0, m30 = 0, m21 = 0, m12 = 0, m03 = 0;
};

// Central moments times N^(p+q-1) as exact integers, then to double.
template <class Acc>
void central_from_raw(const RawMoments<Acc>& raw, double out[7]) {
    const i128 n = raw.m00, r = raw.m10, c = raw.m01;
    const i128 m20 = raw.m20, m11 = raw.m11, m02 = raw.m02;
    const i128 m30 = raw.m30, m21 = raw.m21, m12 = raw.m12, m03 = raw.m03;
    const double dn = static_cast<double>(n), dn2 = dn * dn;
    out[0] = static_cast<double>(n * m20 - r * r) / dn;
    out[1] = static_cast<double>(n * m11 - r * c) / dn;
    out[2] = static_cast<double>(n * m02 - c * c) / dn;
    out[3] = static_cast<double>(n * n * m30 - 3 * n * r * m20 + 2 * r * r * r) / dn2;
    out[4] = static_cast<double>(n * n * m21 - n * (c * m20 + 2 * r * m11) + 2 * r * r * c) / dn2;
    out[5] = static_cast<double>(n * n * m12 - n * (r * m02 + 2 * c * m11) + 2 * r * c * c) / dn2;
    out[6] = static_cast<double>(n * n * m03 - 3 * n * c * m02 + 2 * c * c * c) / dn2;
}

// The same in long double, for images too large for the exact 128-bit path.
template <class Acc>
void central_from_raw_approx(const RawMoments<Acc>& raw, double out[7]) {
    using ld = long double;
    const ld n = static_cast<ld>(raw.m00), rb = static_cast<ld>(raw.m10) / n,
             cb = static_cast<ld>(raw.m01) / n;
    const ld m20 = static_cast<ld>(raw.m20), m11 = static_cast<ld>(raw.m11), m02 = static_cast<ld>(raw.m02);
    const ld m30 = static_cast<ld>(raw.m30), m21 = static_cast<ld>(raw.m21);
    const ld m12 = static_cast<ld>(raw.m12), m03 = static_cast<ld>(raw.m03);
    out[0] = static_cast<double>(m20 - n * rb * rb);
    out[1] = static_cast<double>(m11 - n * rb * cb);
    out[2] = static_cast<double>(m02 - n * cb * cb);
    out[3] = static_cast<double>(m30 - 3 * rb * m20 + 2 * n * rb * rb * rb);
    out[4] = static_cast<double>(m21 - cb * m20 - 2 * rb * m11 + 2 * n * rb * rb * cb);
    out[5] = static_cast<double>(m12 - rb * m02 - 2 * cb * m11 + 2 * n * rb * cb * cb);
    out[6] = static_cast<double>(m03 - 3 * cb * m02 + 2 * n * cb * cb * cb);
}

}  // namespace moments_detail

// Accumulates runs of equal labels (see DenseLabels::from) into raw moments, counts and
// bounding boxes. Acc is int64 while (pixels) * (max coordinate)^3 < 2^62, else int128:
// see `fits_int64`.
template <class Acc>
class MomentSums {
  public:
    static bool fits_int64(std::int64_t rows, std::int64_t cols) {
        const long double span = static_cast<long double>(std::max(rows, cols));
        return static_cast<long double>(rows) * cols * span * span * span < 4.0e18L;
    }

    // Pixels (row r, columns b .. e-1) of dense label id.
    void add(std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
        if (static_cast<std::size_t>(id) >= raw_.size()) {
            raw_.resize(static_cast<std::size_t>(id) + 1);
            box_.resize(4 * (static_cast<std::size_t>(id) + 1), -1);
        }
        const std::int64_t last = e - 1;
        Acc s0, s1, s2, s3;
        if (b == last) {
            s0 = 1;
            s1 = b;
            s2 = s1 * b;
            s3 = s2 * b;
        } else if (last < 50000) {  // c^4 / 4 fits in int64
            s0 = e - b;
            s1 = static_cast<Acc>(sum1(last) - sum1(b - 1));
            s2 = static_cast<Acc>(sum2(last) - sum2(b - 1));
            s3 = static_cast<Acc>(sum3(last) - sum3(b - 1));
        } else {
            moments_detail::i128 hi[3], lo[3];
            moments_detail::prefix_power_sums(last, hi);
            moments_detail::prefix_power_sums(b - 1, lo);
            s0 = e - b;
            s1 = static_cast<Acc>(hi[0] - lo[0]);
            s2 = static_cast<Acc>(hi[1] - lo[1]);
            s3 = static_cast<Acc>(hi[2] - lo[2]);
        }
        auto& m = raw_[id];
        const Acc rr = r, r2 = rr * rr;
        m.m00 += s0;
        m.m01 += s1;
        m.m02 += s2;
        m.m03 += s3;
        m.m10 += rr * s0;
        m.m11 += rr * s1;
        m.m12 += rr * s2;
        m.m20 += r2 * s0;
        m.m21 += r2 * s1;
        m.m30 += r2 * rr * s0;
        std::int64_t* box = &box_[4 * static_cast<std::size_t>(id)];
        if (box[0] < 0) {
            box[0] = r;
            box[1] = b;
            box[3] = e;
        }
        box[1] = std::min(box[1], b);
        box[2] = r + 1;
        box[3] = std::max(box[3], e);
    }

    // Adds the runs another accumulator saw in later rows (exact: integer sums).
    void merge(const MomentSums& later) {
        if (later.raw_.size() > raw_.size()) {
            raw_.resize(later.raw_.size());
            box_.resize(later.box_.size(), -1);
        }
        for (std::size_t id = 0; id < later.raw_.size(); ++id) {
            const auto& m = later.raw_[id];
            auto& t = raw_[id];
            t.m00 += m.m00; t.m10 += m.m10; t.m01 += m.m01; t.m20 += m.m20; t.m11 += m.m11;
            t.m02 += m.m02; t.m30 += m.m30; t.m21 += m.m21; t.m12 += m.m12; t.m03 += m.m03;
            const std::int64_t* b = &later.box_[4 * id];
            std::int64_t* a = &box_[4 * id];
            if (b[0] < 0) continue;
            if (a[0] < 0) {
                std::copy(b, b + 4, a);
                continue;
            }
            a[1] = std::min(a[1], b[1]);
            a[2] = b[2];
            a[3] = std::max(a[3], b[3]);
        }
    }

    // Central moments are exact (128-bit) while N^3 (max coordinate)^3 stays well below
    // 2^127; beyond, long double.
    RegionMoments finish(std::int32_t n_labels, std::int64_t rows, std::int64_t cols) {
        const std::size_t k = static_cast<std::size_t>(n_labels);
        raw_.resize(k + 1);
        box_.resize(4 * (k + 1), -1);
        const long double span = static_cast<long double>(std::max(rows, cols));
        const bool exact = static_cast<long double>(rows) * cols * span < 2.0e12L;
        RegionMoments out;
        out.count.resize(k);
        out.bbox.assign(box_.begin() + 4, box_.end());
        out.sums.resize(2 * k);
        out.central.resize(7 * k);
        for (std::size_t i = 0; i < k; ++i) {
            const auto& m = raw_[i + 1];
            out.count[i] = static_cast<std::int64_t>(m.m00);
            out.sums[2 * i] = static_cast<std::int64_t>(m.m10);
            out.sums[2 * i + 1] = static_cast<std::int64_t>(m.m01);
            if (exact)
                moments_detail::central_from_raw(m, &out.central[7 * i]);
            else
                moments_detail::central_from_raw_approx(m, &out.central[7 * i]);
        }
        return out;
    }

  private:
    static std::int64_t sum1(std::int64_t n) { return n < 0 ? 0 : n * (n + 1) / 2; }
    static std::int64_t sum2(std::int64_t n) { return n < 0 ? 0 : n * (n + 1) * (2 * n + 1) / 6; }
    static std::int64_t sum3(std::int64_t n) {
        const std::int64_t t = sum1(n);
        return t * t;
    }
    std::vector<moments_detail::RawMoments<Acc>> raw_;
    std::vector<std::int64_t> box_;  // 4 per id: min row, min col, max row + 1, max col + 1
};

}  // namespace fewseg
