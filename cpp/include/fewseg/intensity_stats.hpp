// Per-label, per-channel statistics of an intensity image: min, max, mean and population
// standard deviation, accumulated run by run while the label image is read.
//
// Integer images are summed exactly (64/128-bit), so mean and variance are rounded once;
// floating images use compensated sums. The image is a (rows, cols) or
// (rows, cols, channels) view with any strides.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

#include "fewseg/rgb8_runs.hpp"
#include "fewseg/strided.hpp"

namespace fewseg {

struct ChannelStats {
    std::int64_t channels = 1;
    std::vector<double> min, max, mean, std;  // [(k - 1) * channels + ch]
};

template <class T>
struct PixelReader {
    const char* data;
    std::int64_t s0, s1, s2, channels;
    explicit PixelReader(const StridedView<T>& v)
        : data(v.data), s0(v.strides[0]), s1(v.strides[1]),
          s2(v.shape.size() == 3 ? v.strides[2] : 0),
          channels(v.shape.size() == 3 ? v.shape[2] : 1) {}
    T operator()(std::int64_t r, std::int64_t c, std::int64_t ch) const {
        return *reinterpret_cast<const T*>(data + r * s0 + c * s1 + ch * s2);
    }
};

// Neumaier's compensated sum: error independent of the number of terms.
struct CompensatedSum {
    double sum = 0.0, carry = 0.0;
    void add(double x) {
        const double t = sum + x;
        carry += std::fabs(sum) >= std::fabs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    double value() const { return sum + carry; }
};

// Accumulates runs of equal labels (see DenseLabels::from) into per-label, per-channel
// min, max and sums. Integer images are summed exactly; floating ones as compensated
// sums of x - s and (x - s)^2 with s the label's first value, which keeps the variance
// accurate when it is small next to the mean.
template <class T>
class IntensityRunSums {
  public:
    explicit IntensityRunSums(const StridedView<T>& image) : px_(image), nc_(px_.channels) {}

    void add(std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
        const std::size_t base = static_cast<std::size_t>(id) * nc_;
        if (base + nc_ > lo_.size()) grow(base + nc_);
        if constexpr (std::is_integral_v<T>) {
            // The common images (grey, RGB) get their channel loop unrolled.
            if (nc_ == 1) return add_integers<1>(r, b, e, base);
            if constexpr (std::is_same_v<T, std::uint8_t>) {
                if (nc_ == 3 && px_.s1 == 3 && px_.s2 == 1) return add_rgb8(r, b, e, base);
            }
            if (nc_ == 3) return add_integers<3>(r, b, e, base);
            for (std::size_t ch = 0; ch < nc_; ++ch) add_integers<1>(r, b, e, base + ch, ch);
        } else {
            for (std::size_t ch = 0; ch < nc_; ++ch) {
                const std::size_t s = base + ch;
                if (!shifted_[s]) {
                    shift_[s] = static_cast<double>(px_(r, b, static_cast<std::int64_t>(ch)));
                    shifted_[s] = 1;
                }
                const double shift = shift_[s];
                n_[s] += e - b;
                T lo = lo_[s], hi = hi_[s];
                for (std::int64_t c = b; c < e; ++c) {
                    const T v = px_(r, c, static_cast<std::int64_t>(ch));
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                    const double d = static_cast<double>(v) - shift;
                    fsum_[s].add(d);
                    fsquares_[s].add(d * d);
                }
                lo_[s] = lo;
                hi_[s] = hi;
            }
        }
    }

    // Adds what another accumulator saw in later rows: exact for integer images; floating
    // sums are moved to this accumulator's shift (deterministic, as the rows are always
    // cut the same way).
    void merge(const IntensityRunSums& later) {
        grow(later.lo_.size());
        for (std::size_t s = 0; s < later.lo_.size(); ++s) {
            lo_[s] = std::min(lo_[s], later.lo_[s]);
            hi_[s] = std::max(hi_[s], later.hi_[s]);
            if constexpr (std::is_integral_v<T>) {
                sum_[s] += later.sum_[s];
                squares_[s] += later.squares_[s];
            } else {
                if (!later.shifted_[s]) continue;
                if (!shifted_[s]) {
                    shift_[s] = later.shift_[s];
                    shifted_[s] = 1;
                    fsum_[s] = later.fsum_[s];
                    fsquares_[s] = later.fsquares_[s];
                    n_[s] = later.n_[s];
                    continue;
                }
                // x - a = (x - b) + (b - a): sums around b become sums around a.
                const double n = static_cast<double>(later.n_[s]);
                const double delta = later.shift_[s] - shift_[s];
                const double d1 = later.fsum_[s].value();
                fsum_[s].add(d1);
                fsum_[s].add(n * delta);
                fsquares_[s].add(later.fsquares_[s].value());
                fsquares_[s].add(2.0 * delta * d1);
                fsquares_[s].add(n * delta * delta);
                n_[s] += later.n_[s];
            }
        }
    }

    ChannelStats finish(const std::vector<std::int64_t>& count) {
        const std::size_t k = count.size(), slots = k * nc_;
        grow((k + 1) * nc_);
        ChannelStats out;
        out.channels = nc_;
        out.min.resize(slots);
        out.max.resize(slots);
        out.mean.resize(slots);
        out.std.resize(slots);
        for (std::size_t s = 0; s < slots; ++s) {
            const std::size_t at = s + nc_;  // ids start at 1
            const double n = static_cast<double>(count[s / nc_]);
            out.min[s] = static_cast<double>(lo_[at]);
            out.max[s] = static_cast<double>(hi_[at]);
            if constexpr (std::is_integral_v<T>) {
                const auto total = static_cast<__int128>(sum_[at]);
                const auto ni = static_cast<__int128>(count[s / nc_]);
                out.mean[s] = static_cast<double>(sum_[at]) / n;
                const __int128 spread = ni * static_cast<__int128>(squares_[at]) - total * total;  // N^2 var
                out.std[s] = std::sqrt(static_cast<double>(spread) / (n * n));
            } else {
                const double d = fsum_[at].value();
                out.mean[s] = shift_[at] + d / n;
                out.std[s] = std::sqrt(std::max(0.0, fsquares_[at].value() - d * d / n) / n);
            }
        }
        return out;
    }

  private:
    // Interleaved 8-bit RGB, the usual dermoscopy image: sixteen pixels at a time.
    void add_rgb8(std::int64_t r, std::int64_t b, std::int64_t e, std::size_t base) {
        std::uint8_t lo[3], hi[3];
        std::uint64_t sum[3] = {}, squares[3] = {};
        for (int ch = 0; ch < 3; ++ch) {
            lo[ch] = lo_[base + ch];
            hi[ch] = hi_[base + ch];
        }
        const auto* p = reinterpret_cast<const std::uint8_t*>(px_.data + r * px_.s0 + b * 3);
        rgb8_run_stats(p, e - b, lo, hi, sum, squares);
        for (int ch = 0; ch < 3; ++ch) {
            lo_[base + ch] = lo[ch];
            hi_[base + ch] = hi[ch];
            sum_[base + ch] += sum[ch];
            squares_[base + ch] += squares[ch];
        }
    }

    // Channels first_channel .. first_channel + NC - 1 into slots base .. base + NC - 1.
    template <int NC>
    void add_integers(std::int64_t r, std::int64_t b, std::int64_t e, std::size_t base,
                      std::size_t first_channel = 0) {
        T lo[NC], hi[NC];
        std::uint64_t sum[NC] = {}, squares[NC] = {};  // a run is < 2^31 pixels of < 2^16
        for (int ch = 0; ch < NC; ++ch) {
            lo[ch] = lo_[base + ch];
            hi[ch] = hi_[base + ch];
        }
        // Pointer steps instead of index arithmetic: this loop sees every labelled pixel.
        const char* p = px_.data + r * px_.s0 + b * px_.s1 + static_cast<std::int64_t>(first_channel) * px_.s2;
        for (std::int64_t c = b; c < e; ++c, p += px_.s1)
            for (int ch = 0; ch < NC; ++ch) {
                const T v = *reinterpret_cast<const T*>(p + ch * px_.s2);
                lo[ch] = std::min(lo[ch], v);
                hi[ch] = std::max(hi[ch], v);
                sum[ch] += v;
                squares[ch] += static_cast<std::uint64_t>(v) * v;
            }
        for (int ch = 0; ch < NC; ++ch) {
            lo_[base + ch] = lo[ch];
            hi_[base + ch] = hi[ch];
            sum_[base + ch] += sum[ch];
            squares_[base + ch] += squares[ch];
        }
    }

    void grow(std::size_t size) {
        if (size <= lo_.size()) return;
        size = std::max(size, 2 * lo_.size());
        lo_.resize(size, std::numeric_limits<T>::max());
        hi_.resize(size, std::numeric_limits<T>::lowest());
        if constexpr (std::is_integral_v<T>) {
            sum_.resize(size, 0);
            squares_.resize(size, 0);
        } else {
            shift_.resize(size, 0.0);
            shifted_.resize(size, 0);
            n_.resize(size, 0);
            fsum_.resize(size);
            fsquares_.resize(size);
        }
    }

    PixelReader<T> px_;
    std::size_t nc_;
    std::vector<T> lo_, hi_;
    std::vector<std::uint64_t> sum_;
    std::vector<unsigned __int128> squares_;
    std::vector<double> shift_;
    std::vector<char> shifted_;
    std::vector<std::int64_t> n_;
    std::vector<CompensatedSum> fsum_, fsquares_;
};

}  // namespace fewseg
