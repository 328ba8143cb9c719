// Marker-based watershed that floods exactly as scikit-image 0.26 does.
//
// The flood order is scikit-image's: items pop by (value, age), the value of a pushed
// pixel is max(its own value, the popping pixel's value), a pixel is labelled when pushed
// (or when popped, with watershed lines or compactness). What differs is the queue
// (flood_queues.hpp): scikit-image's heap layout is reproduced only up to the last value
// level where seeds of different labels compete, and a linear-time radix queue takes over
// from there; `TieBreak::raster` skips the heap altogether.
//
// Everything works on a copy of the inputs padded by the footprint offset on every side,
// with the padding outside the mask, so that raveled neighbour offsets are the same for
// every pixel, as in scikit-image.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "fewseg/flood_queues.hpp"
#include "fewseg/strided.hpp"

namespace fewseg {

enum class TieBreak { skimage, raster };

struct WatershedOptions {
    std::vector<std::int64_t> pad;         // footprint offset, padded on both sides of each axis
    std::vector<std::int64_t> neighbours;  // raveled offsets in the padded image, flood order
    double compactness = 0.0;
    bool watershed_line = false;
    TieBreak tie_break = TieBreak::skimage;
    // With watershed lines scikit-image re-queues stale copies of line pixels and its
    // queue can grow exponentially; past this many items per pixel they are dropped
    // (which never changes labels; it can only change the order of equal-valued seeds).
    std::int64_t max_queue_per_pixel = 16;
};

namespace detail {

template <class Value, class Label>
class Flood {
  public:
    Flood(const StridedView<Value>& image, const StridedView<Label>& markers,
          const StridedView<std::uint8_t>* mask, const WatershedOptions& opt)
        : opt_(opt) {
        const std::size_t ndim = image.shape.size();
        if (opt.pad.size() != ndim) throw std::invalid_argument("pad must have one entry per axis");
        std::vector<std::int64_t> padded(ndim);
        for (std::size_t d = 0; d < ndim; ++d) {
            if (opt.pad[d] < 0) throw std::invalid_argument("pad must be non-negative");
            padded[d] = image.shape[d] + 2 * opt.pad[d];
        }
        total_ = checked_size(padded);
        strides_ = c_strides(padded);
        values_.assign(total_, Value(0));
        labels_.assign(total_, Label(0));
        inmask_.assign(total_, 0);

        for_each_padded(image, opt.pad, [&](const char* p, std::int64_t i) {
            const Value v = *reinterpret_cast<const Value*>(p);
            if (v != v) throw std::invalid_argument("image contains NaN");
            values_[i] = v;
            inmask_[i] = 1;
        });
        if (mask != nullptr) {
            for_each_padded(*mask, opt.pad, [&](const char* p, std::int64_t i) {
                inmask_[i] = *reinterpret_cast<const std::uint8_t*>(p) != 0;
            });
        }
        for_each_padded(markers, opt.pad, [&](const char* p, std::int64_t i) {
            if (inmask_[i]) labels_[i] = *reinterpret_cast<const Label*>(p);
        });
        for (std::int64_t i = 0; i < total_; ++i)
            if (labels_[i] != 0) seeds_.push_back(i);
    }

    void run() {
        if (opt_.compactness > 0) {
            run_compact();
            return;
        }
        std::uint64_t switch_key = 0;
        const bool exact_heap_needed =
            opt_.tie_break == TieBreak::skimage && last_contested_level(switch_key);
        if (exact_heap_needed) {
            run_heap_until(switch_key);
        } else {
            for (auto s : seeds_) queue_.push({key(s), s, s});
        }
        while (!queue_.empty()) {
            visit(queue_.pop(), [&](const FloodItem& it) { queue_.push(it); });
        }
    }

    // Writes the labels, without padding, into a C-ordered array of the image's shape.
    void write(Label* out, const std::vector<std::int64_t>& shape) const {
        StridedView<Label> view;
        view.data = reinterpret_cast<const char*>(out);
        view.shape = shape;
        view.strides = c_strides(shape);
        for (auto& s : view.strides) s *= sizeof(Label);
        // The view is read-only by type; `out` is ours to write.
        for_each_padded(view, opt_.pad, [&](const char* p, std::int64_t i) {
            *reinterpret_cast<Label*>(const_cast<char*>(p)) = labels_[i];
        });
    }

  private:
    std::uint64_t key(std::int64_t i) const { return order_key(static_cast<double>(values_[i])); }

    bool inside(std::int64_t i) const { return i >= 0 && i < total_; }

    // The highest value at which seeds of different labels that can still grow (with an
    // unlabelled neighbour in the mask) compete. Up to it, only scikit-image's heap layout
    // reproduces which of them floods first.
    bool last_contested_level(std::uint64_t& level) const {
        std::vector<std::pair<std::uint64_t, Label>> active;
        for (auto s : seeds_) {
            for (auto off : opt_.neighbours) {
                const std::int64_t nb = s + off;
                if (inside(nb) && inmask_[nb] && labels_[nb] == 0) {
                    active.emplace_back(key(s), labels_[s]);
                    break;
                }
            }
        }
        std::sort(active.begin(), active.end());
        bool found = false;
        for (std::size_t i = 1; i < active.size(); ++i) {
            if (active[i].first == active[i - 1].first && active[i].second != active[i - 1].second) {
                level = active[i].first;
                found = true;
            }
        }
        return found;
    }

    void run_heap_until(std::uint64_t switch_key) {
        SkimageHeap heap;
        for (auto s : seeds_) heap.push({key(s), s, s}, 0);
        std::uint64_t age = 1;
        std::uint64_t floor = 0;
        const std::int64_t cap = opt_.max_queue_per_pixel * total_ + 1024;
        while (!heap.empty() && heap.top().key <= switch_key) {
            const FloodItem item = heap.pop();
            floor = item.key;
            if (faithful_ && static_cast<std::int64_t>(heap.size()) > cap) faithful_ = false;
            visit(item, [&](const FloodItem& it) { heap.push(it, ++age); });
        }
        faithful_ = false;
        queue_.reset_floor(floor);
        for (const auto& e : heap.drain_sorted()) queue_.push(e.item);
    }

    // scikit-image's `_diff_neighbors`: a pixel next to another label becomes line.
    bool becomes_line(std::int64_t i, Label label) {
        if (!inmask_[i]) return true;
        for (auto off : opt_.neighbours) {
            const std::int64_t nb = i + off;
            if (!inside(nb) || !inmask_[nb]) continue;
            if (labels_[nb] != 0 && labels_[nb] != label) {
                inmask_[i] = 0;
                return true;
            }
        }
        return false;
    }

    template <class Push>
    void visit(const FloodItem& item, Push&& push) {
        const std::int64_t i = item.index;
        const bool line = opt_.watershed_line;
        if (line) {
            if (labels_[i] != 0 && i != item.source) return;
            // A line pixel popped again would only re-queue its neighbours.
            if (!faithful_ && !inmask_[i] && i != item.source) return;
            if (!becomes_line(i, labels_[item.source])) labels_[i] = labels_[item.source];
        }
        const Label label = labels_[i];
        for (auto off : opt_.neighbours) {
            const std::int64_t nb = i + off;
            if (!inside(nb) || !inmask_[nb] || labels_[nb] != 0) continue;
            if (!line) labels_[nb] = label;
            push(FloodItem{std::max(key(nb), item.key), nb, item.source});
        }
    }

    // scikit-image's `_euclid_dist` on padded raveled indices.
    double distance(std::int64_t a, std::int64_t b) const {
        double sum = 0;
        for (auto st : strides_) {
            const double d = static_cast<double>(a / st - b / st);
            sum += d * d;
            a %= st;
            b %= st;
        }
        return std::sqrt(sum);
    }

    // Compact watershed: values grow with the distance to the seed, so they are not
    // monotone and the exact heap is needed all the way; labels are set at pop time.
    void run_compact() {
        SkimageHeap heap;
        for (auto s : seeds_) heap.push({key(s), s, s}, 0);
        std::uint64_t age = 1;
        while (!heap.empty()) {
            const FloodItem item = heap.pop();
            const std::int64_t i = item.index;
            if (labels_[i] != 0 && i != item.source) continue;
            labels_[i] = labels_[item.source];
            for (auto off : opt_.neighbours) {
                const std::int64_t nb = i + off;
                if (!inside(nb) || !inmask_[nb] || labels_[nb] != 0) continue;
                const double v = static_cast<double>(values_[nb]) +
                                 opt_.compactness * distance(nb, item.source);
                heap.push({std::max(order_key(v), item.key), nb, item.source}, ++age);
            }
        }
    }

    WatershedOptions opt_;
    std::int64_t total_ = 0;
    std::vector<std::int64_t> strides_;
    std::vector<Value> values_;
    std::vector<Label> labels_;
    std::vector<std::uint8_t> inmask_;
    std::vector<std::int64_t> seeds_;
    RadixQueue queue_;
    bool faithful_ = true;
};

}  // namespace detail

// Labels `out` (C order, the image's shape) by flooding `image` from `markers`, within
// `mask` where given. Throws std::invalid_argument on NaN or inconsistent arguments.
template <class Value, class Label>
void watershed(const StridedView<Value>& image, const StridedView<Label>& markers,
               const StridedView<std::uint8_t>* mask, const WatershedOptions& opt, Label* out) {
    if (markers.shape != image.shape) throw std::invalid_argument("markers shape differs from image");
    if (mask != nullptr && mask->shape != image.shape)
        throw std::invalid_argument("mask shape differs from image");
    if (image.shape.empty()) throw std::invalid_argument("image must have at least one axis");
    detail::Flood<Value, Label> flood(image, markers, mask, opt);
    flood.run();
    flood.write(out, image.shape);
}

}  // namespace fewseg
