// Marker-based watershed that floods exactly as scikit-image 0.26 does.
//
// The flood order is scikit-image's: items pop by (value, age), the value of a pushed
// pixel is max(its own value, the popping pixel's value), a pixel is labelled when pushed
// (or when popped, with watershed lines or compactness). What differs is the queue
// (flood_queues.hpp): scikit-image's heap layout is reproduced only up to the last value
// level where seeds of different labels compete, and a linear-time bucket queue takes over
// from there; `TieBreak::raster` skips the heap altogether.
//
// The plain flood (no watershed line, no compactness), by far the most used, has its own
// faster implementation in watershed_plain.hpp; the Flood class here does the other two:
// watershed lines, and compactness (with or without lines: scikit-image's compact flood
// draws none). Both work on the padded, guarded buffers of flood_geometry.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "fewseg/flood_geometry.hpp"
#include "fewseg/flood_queues.hpp"
#include "fewseg/strided.hpp"
#include "fewseg/watershed_options.hpp"
#include "fewseg/watershed_plain.hpp"

namespace fewseg {

namespace detail {

// Everything the flood reads or writes about one pixel, together: the flood visits pixels
// in value order, all over the image, and one cache line per pixel is what keeps it fast.
template <class Label, class Level>
struct PixelState {
    Level level = 0;  // the value itself for integer images, its order_key for others
    Label label = 0;
    std::uint8_t inmask = 0;
};

// The flood with watershed lines or compactness (the plain one is PlainFlood's).
template <class Value, class Label>
class Flood {
  public:
    Flood(const StridedView<Value>& image, const StridedView<Label>& markers,
          const StridedView<std::uint8_t>* mask, const WatershedOptions& opt)
        : opt_(opt), geo_(image.shape, opt.pad, opt.neighbours), total_(geo_.total) {
        if (!(opt.compactness > 0 || opt.watershed_line))
            throw std::invalid_argument("Flood: without compactness or watershed lines, use PlainFlood");
        values_.assign(total_, Value(0));
        px_.assign(total_, geo_.guard, PixelState<Label, Level>{});
        for_each_padded(image, opt.pad, [&](const char* p, std::int64_t i) {
            const Value v = *reinterpret_cast<const Value*>(p);
            if (v != v) throw std::invalid_argument("image contains NaN");
            values_[i] = v;
            px_[i].inmask = 1;
        });
        if (mask != nullptr) {
            for_each_padded(*mask, opt.pad, [&](const char* p, std::int64_t i) {
                px_[i].inmask = *reinterpret_cast<const std::uint8_t*>(p) != 0;
            });
        }
        for_each_padded(markers, opt.pad, [&](const char* p, std::int64_t i) {
            const Label l = *reinterpret_cast<const Label*>(p);
            if (l != 0 && px_[i].inmask) {
                px_[i].label = l;
                seeds_.push_back(i);
            }
        });
        // for_each_padded visits in raster order, so seeds_ is sorted as scikit-image
        // pushes them.
    }

    void run() {
        if (opt_.compactness > 0) {
            run_compact();
            return;
        }
        compute_levels();
        pending_.assign(total_, 0, Label(0));
        if constexpr (kIntegerValues) {
            LevelQueue queue(level_count_);
            flood(queue);
        } else {
            RadixQueue queue;
            flood(queue);
        }
    }

    template <class Queue>
    void flood(Queue& queue) {
        std::uint64_t switch_level = 0;
        if (opt_.tie_break == TieBreak::skimage && last_contested_level(switch_level)) {
            if (packed_keys_fit()) flood_with_heap<std::uint64_t>(switch_level, queue);
            else flood_with_heap<WideKey>(switch_level, queue);
        } else {
            for (auto s : seeds_) queue.push(s, level(s));
        }
        std::int64_t i;
        while (queue.pop(i)) visit_once(i, queue);
    }

    // Writes the labels, without padding, into a C-ordered array of the image's shape.
    void write(Label* out, const std::vector<std::int64_t>& shape) const {
        write_unpadded(out, shape, opt_.pad, [&](std::int64_t i) { return px_[i].label; });
    }

  private:
    static constexpr bool kIntegerValues = std::is_integral_v<Value>;

    void compute_levels() {
        if constexpr (kIntegerValues) {
            // Level counts and the bucket queue's read position are 32-bit.
            if (static_cast<std::uint64_t>(total_) >= std::numeric_limits<std::uint32_t>::max())
                throw std::invalid_argument("image too large: more than 2**32 pixels");
            level_count_.assign(std::size_t(std::numeric_limits<Value>::max()) + 1, 0);
            for (std::int64_t i = 0; i < total_; ++i) {
                px_[i].level = values_[i];
                level_count_[values_[i]] += px_[i].inmask;
            }
            n_levels_ = level_count_.size();
        } else {
            for (std::int64_t i = 0; i < total_; ++i) px_[i].level = order_key(static_cast<double>(values_[i]));
            n_levels_ = ~0ull;
        }
    }

    std::uint64_t level(std::int64_t i) const { return px_[i].level; }

    // The highest level at which seeds of different labels whose pops change something
    // compete: seeds that can still grow (with an unlabelled neighbour in the mask) and
    // seeds touching a seed of another label (the first of the two to pop becomes line,
    // which hides it from the other's check). Up to that level, only
    // scikit-image's heap layout reproduces which of them pops first.
    bool last_contested_level(std::uint64_t& found_level) const {
        std::vector<std::pair<std::uint64_t, Label>> active;
        for (auto s : seeds_) {
            for (auto off : opt_.neighbours) {
                const std::int64_t nb = s + off;
                const Label other = px_[nb].label;
                if (px_[nb].inmask && (other == 0 || other != px_[s].label)) {
                    active.emplace_back(level(s), px_[s].label);
                    break;
                }
            }
        }
        std::sort(active.begin(), active.end());
        bool found = false;
        for (std::size_t i = 1; i < active.size(); ++i) {
            if (active[i].first == active[i - 1].first && active[i].second != active[i - 1].second) {
                found_level = active[i].first;
                found = true;
            }
        }
        return found;
    }

    std::int64_t max_pushes() const {
        const auto n_nb = static_cast<std::int64_t>(opt_.neighbours.size());
        return (opt_.max_queue_per_pixel + n_nb + 1) * total_ + 1024;
    }

    bool packed_keys_fit() const {
        age_bits_ = 64 - bit_width(n_levels_);
        return bit_width(static_cast<std::uint64_t>(max_pushes())) <= age_bits_;
    }

    template <class Key>
    Key make_key(std::uint64_t lvl, std::uint64_t age) const {
        if constexpr (std::is_same_v<Key, WideKey>) return WideKey{lvl, age};
        else return (lvl << age_bits_) | age;
    }

    template <class Key>
    std::uint64_t level_of(const Key& key) const {
        if constexpr (std::is_same_v<Key, WideKey>) return key.value;
        else return key >> age_bits_;
    }

    template <class Key>
    std::uint64_t age_of(const Key& key) const {
        if constexpr (std::is_same_v<Key, WideKey>) return key.age;
        else return age_bits_ == 0 ? 0 : key & (~0ull >> (64 - age_bits_));
    }

    // scikit-image's flood, item for item, with its heap, until every level up to
    // `switch_level` is done; then the remaining items move to `queue` in heap order.
    // Seeds are the items of age 0.
    template <class Key, class Queue>
    void flood_with_heap(std::uint64_t switch_level, Queue& queue) {
        using Item = LabelledHeapItem<Key, Label>;
        SkimageHeap<Item> heap;
        for (auto s : seeds_) heap.push(Item{make_key<Key>(level(s), 0), s, px_[s].label});
        std::uint64_t age = 1;
        bool faithful = true;
        const std::int64_t cap = opt_.max_queue_per_pixel * total_ + 1024;
        while (!heap.empty() && level_of(heap.top().key) <= switch_level) {
            const Item item = heap.pop();
            if (faithful && static_cast<std::int64_t>(heap.size()) > cap) faithful = false;
            const std::uint64_t popped_level = level_of(item.key);
            const Label label = item.label;
            visit_from_heap(item.index, age_of(item.key) == 0, label, faithful, [&](std::int64_t nb) {
                heap.push(Item{make_key<Key>(std::max(level(nb), popped_level), ++age), nb, label});
            });
        }
        for (const auto& item : heap.drain_sorted()) {
            const std::int64_t i = item.index;
            if (age_of(item.key) != 0) {
                // Only the first copy of a pixel floods; later ones are stale.
                auto& p = px_[i];
                if (p.label != 0 || !p.inmask || pending_[i] != 0) continue;
                pending_[i] = item.label;
            }
            queue.push(i, level_of(item.key));
        }
    }

    // scikit-image's `_diff_neighbors`: a pixel next to another label becomes line.
    bool becomes_line(std::int64_t i, Label label) {
        if (!px_[i].inmask) return true;
        for (auto off : opt_.neighbours) {
            const auto& n = px_[i + off];
            if (n.inmask && n.label != 0 && n.label != label) {
                px_[i].inmask = 0;
                return true;
            }
        }
        return false;
    }

    // One pop of scikit-image's loop with watershed lines (without compactness).
    // `label_of_source`: the label the item carries.
    template <class Push>
    void visit_from_heap(std::int64_t i, bool seed, Label label_of_source, bool faithful, Push&& push) {
        if (px_[i].label != 0 && !seed) return;
        // A line pixel popped again would only re-queue its neighbours.
        if (!faithful && !px_[i].inmask && !seed) return;
        if (!becomes_line(i, label_of_source)) px_[i].label = label_of_source;
        for (auto off : opt_.neighbours) {
            const std::int64_t nb = i + off;
            auto& n = px_[nb];
            if (!n.inmask || n.label != 0) continue;
            push(nb);
        }
    }

    // One pop from the bucket queue, where every pixel is queued once: the first copy
    // scikit-image would queue is the first it pops, and the later ones change nothing.
    template <class Queue>
    void visit_once(std::int64_t i, Queue& queue) {
        const std::uint64_t current = queue.current_level();
        const bool seed = px_[i].label != 0;
        const Label label = seed ? px_[i].label : pending_[i];
        if (!becomes_line(i, label) && !seed) px_[i].label = label;
        for (auto off : opt_.neighbours) {
            const std::int64_t nb = i + off;
            auto& n = px_[nb];
            if (!n.inmask || n.label != 0 || pending_[nb] != 0) continue;
            pending_[nb] = label;
            queue.push(nb, std::max<std::uint64_t>(n.level, current));
        }
    }

    // scikit-image's `_euclid_dist` on padded raveled indices.
    double distance(std::int64_t a, std::int64_t b) const {
        double sum = 0;
        for (auto st : geo_.strides) {
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
        using Item = SourcedHeapItem<WideKey>;
        SkimageHeap<Item> heap;
        for (auto s : seeds_) heap.push(Item{WideKey{order_key(double(values_[s])), 0}, s, s});
        std::uint64_t age = 1;
        while (!heap.empty()) {
            const Item item = heap.pop();
            const std::int64_t i = item.index;
            if (px_[i].label != 0 && i != item.source) continue;
            px_[i].label = px_[item.source].label;
            for (auto off : opt_.neighbours) {
                const std::int64_t nb = i + off;
                if (!px_[nb].inmask || px_[nb].label != 0) continue;
                const double v = static_cast<double>(values_[nb]) +
                                 opt_.compactness * distance(nb, item.source);
                const std::uint64_t key = std::max(order_key(v), item.key.value);
                heap.push(Item{WideKey{key, ++age}, nb, item.source});
            }
        }
    }

    WatershedOptions opt_;
    FloodGeometry geo_;
    std::int64_t total_ = 0;
    std::vector<Value> values_;
    std::vector<std::uint32_t> level_count_;  // integer images: in-mask pixels per level
    std::uint64_t n_levels_ = 0;
    mutable int age_bits_ = 0;
    // Integer images are their own levels; the narrowest state keeps most of it in cache.
    using Level = std::conditional_t<kIntegerValues, Value, std::uint64_t>;
    Guarded<PixelState<Label, Level>> px_;
    Guarded<Label> pending_;  // watershed lines: the label a queued pixel will take
    std::vector<std::int64_t> seeds_;
};

}  // namespace detail

// Labels `out` (C order, the image's shape) by flooding `image` from `markers`, within
// `mask` where given. Throws std::invalid_argument on NaN or inconsistent arguments.
template <class Value, class Label>
void watershed(const StridedView<Value>& image, const StridedView<Label>& markers,
               const StridedView<std::uint8_t>* mask, const WatershedOptions& opt, Label* out) {
    if (image.shape.empty()) throw std::invalid_argument("image must have at least one axis");
    if (markers.shape != image.shape) throw std::invalid_argument("markers shape differs from image");
    if (mask != nullptr && mask->shape != image.shape)
        throw std::invalid_argument("mask shape differs from image");
    if (!(opt.compactness >= 0)) throw std::invalid_argument("compactness must be a number >= 0");
    if (opt.compactness == 0 && !opt.watershed_line) {
        detail::PlainFlood<Value, Label> flood(image, markers, mask, opt);
        flood.run();
        flood.write(out, image.shape);
        return;
    }
    detail::Flood<Value, Label> flood(image, markers, mask, opt);
    flood.run();
    flood.write(out, image.shape);
}

}  // namespace fewseg
