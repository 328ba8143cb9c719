// The plain watershed flood (no compactness, no watershed line), the common case, made fast.
//
// Same order as scikit-image (see watershed.hpp), different memory layout: what the hot
// loop reads for every neighbour is one byte per pixel (`open_`: in the mask and not yet
// labelled), small enough to stay in cache; labels and levels live in their own arrays and
// are touched only for pixels that are labelled. The queues say which pixels come next, so
// their neighbourhoods are prefetched a few pops ahead.
//
// Ties between seeds of equal value (tie_break="skimage"). Seeds of equal value with
// different labels ("a contested group") pop in scikit-image's heap order, which only a
// replica of its heap knows. But that order changes labels only through a collision: two
// items of one "run" (the consecutive pops, of one key, of the items descending from one
// contested group's pops with the same key, which any permutation of the group keeps
// consecutive) with different labels that both have the same unlabelled neighbour. A
// permutation of a group only permutes its runs, so without a collision every order gives
// the same labels. Hence the flood first runs in raster order while watching for
// collisions (flood<true>: each run's children get a block id in block_); only when one
// happens is it re-run with scikit-image's heap up to that group's level (and, failing
// again, up to the last contested level, as before).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <vector>

#include "fewseg/flood_geometry.hpp"
#include "fewseg/flood_queues.hpp"
#include "fewseg/large_buffer.hpp"
#include "fewseg/strided.hpp"
#include "fewseg/watershed_options.hpp"

namespace fewseg {

namespace detail {

template <class Value, class Label>
class PlainFlood {
  public:
    PlainFlood(const StridedView<Value>& image, const StridedView<Label>& markers,
               const StridedView<std::uint8_t>* mask, const WatershedOptions& opt)
        : opt_(opt), geo_(image.shape, opt.pad, opt.neighbours) {
        total_ = geo_.total;
        // Queue items hold 32-bit pixel indices.
        if (static_cast<std::uint64_t>(total_) >= std::numeric_limits<std::uint32_t>::max())
            throw std::invalid_argument("image too large: more than 2**32 pixels");
        open_.assign(total_, geo_.guard, 0);
        level_ = allocate_large<Level>(static_cast<std::size_t>(total_));
        label_ = allocate_large<Label>(static_cast<std::size_t>(total_));
        if constexpr (kIntegerValues) {
            level_count_.assign(std::size_t(std::numeric_limits<Value>::max()) + 1, 0);
        }
        for_each_padded(image, opt.pad, [&](const char* p, std::int64_t i) {
            const Value v = *reinterpret_cast<const Value*>(p);
            if (v != v) throw std::invalid_argument("image contains NaN");
            const Level l = level_of(v);
            level_[i] = l;
            open_[i] = 1;
            if constexpr (kIntegerValues) {
                ++level_count_[v];
            } else {
                min_key_ = std::min<std::uint64_t>(min_key_, l);
                max_key_ = std::max<std::uint64_t>(max_key_, l);
            }
        });
        if (mask != nullptr) {
            for_each_padded(*mask, opt.pad, [&](const char* p, std::int64_t i) {
                open_[i] = *reinterpret_cast<const std::uint8_t*>(p) != 0;
                if constexpr (kIntegerValues) level_count_[level_[i]] -= 1 - open_[i];
            });
        }
        if constexpr (!kIntegerValues) size_key_buckets();
        for_each_padded(markers, opt.pad, [&](const char* p, std::int64_t i) {
            const Label l = *reinterpret_cast<const Label*>(p);
            const bool seed = l != 0 && open_[i];
            if constexpr (!kIntegerValues) {
                if (open_[i]) ++bucket_count_[(level_[i] - min_key_) >> key_shift_];
            }
            label_[i] = seed ? l : Label(0);
            if (seed) {
                open_[i] = 0;
                seeds_.push_back(i);
            }
        });
        // for_each_padded visits in raster order, so seeds_ is sorted as scikit-image
        // pushes them.
    }

    void run() {
        if (opt_.tie_break == TieBreak::raster) {
            flood_from(kNoHeap, false);
            return;
        }
        std::size_t contesting_seeds = 0;
        const std::vector<std::uint64_t> contested = contested_levels(contesting_seeds);
        if (contested.empty()) {
            flood_from(kNoHeap, false);
            return;
        }
        // Raster order first, then scikit-image's heap up to the group that collided;
        // each attempt checks the groups above its heap. Where thousands of seeds contest
        // (large marker regions meeting on the plateaus of an 8-bit image) their floods
        // all but surely collide, late: the attempts would only add floods to the heap's.
        initial_open_.assign(open_.data(), open_.data() + total_);
        std::uint64_t heap_until = kNoHeap;
        for (int attempt = 0; attempt < 2 && contesting_seeds <= kMaxContestingSeedsToTrack; ++attempt) {
            if (attempt > 0) restore();
            if (!track_groups_above(heap_until, contested)) break;
            if (flood_from(heap_until, true)) return;
            heap_until = block_level_[collided_block_];
        }
        restore();
        tracking_ = false;
        flood_from(contested.back(), false);
    }

    void write(Label* out, const std::vector<std::int64_t>& shape) const {
        write_unpadded(out, shape, opt_.pad, [&](std::int64_t i) { return label_[i]; });
    }

  private:
    static constexpr bool kIntegerValues = std::is_integral_v<Value>;
    using Level = std::conditional_t<kIntegerValues, Value,
                                     std::conditional_t<std::is_same_v<Value, float>, std::uint32_t, std::uint64_t>>;
    static constexpr std::size_t kLookahead = 12;
    // What a queue holds for a pixel: its (padded, raveled) index and the label it floods with.
    struct Item {
        std::uint32_t pixel;
        Label label;
    };

    static Level level_of(Value v) {
        if constexpr (kIntegerValues) return v;
        else if constexpr (std::is_same_v<Value, float>) return order_key32(v);
        else return order_key(static_cast<double>(v));
    }

    void prefetch_neighbourhood(std::int64_t i) const {
        __builtin_prefetch(&open_[i + geo_.first_offset]);
        __builtin_prefetch(&open_[i + geo_.last_offset]);
        __builtin_prefetch(&label_[i]);
        __builtin_prefetch(&level_[i + geo_.first_offset]);
        __builtin_prefetch(&level_[i]);
        __builtin_prefetch(&level_[i + geo_.last_offset]);
    }

    static constexpr std::uint64_t kNoHeap = ~0ull;
    static constexpr std::size_t kMaxContestingSeedsToTrack = 4096;
    // Queue items of tracked pixels carry this bit in their pixel index (images then have
    // fewer than 2**31 pixels), so untracked pops never read block_.
    static constexpr std::uint32_t kTrackedBit = 1u << 31;

    // Floods everything: with scikit-image's heap up to key (heap_until, age 0) when
    // heap_until != kNoHeap, then with a bucket queue. `tracked`: stops at the first
    // collision of a tracked group's runs (returns false).
    bool flood_from(std::uint64_t heap_until, bool tracked) {
        if constexpr (kIntegerValues) {
            BasicLevelQueue<Item> queue(level_count_);
            return flood_from(heap_until, tracked, queue);
        } else {
            SortedBucketQueue<Item> queue(min_key_, key_shift_, bucket_count_);
            return flood_from(heap_until, tracked, queue);
        }
    }

    template <class Queue>
    bool flood_from(std::uint64_t heap_until, bool tracked, Queue& queue) {
        if (heap_until == kNoHeap) {
            for (auto s : seeds_) queue.push(item(s), level_[s]);
        } else if (packed_items_fit()) {
            flood_with_heap<PackedHeapTraits>(heap_until, queue);
        } else {
            flood_with_heap<WideHeapTraits>(heap_until, queue);
        }
        if (tracked) return flood<true>(queue);
        flood<false>(queue);
        return true;
    }

    // Float images: buckets of keys for the bucket queue, about two pixels per bucket
    // where values spread evenly over their order keys, but at most 2**18 buckets: their
    // counts and fill positions, updated in random order, must stay in cache (on a
    // 7-megapixel image, 2**22 buckets cost 20% more time than sorting bigger buckets). The markers pass then counts how
    // many pixels each may hold (each pixel at most once, above the current key only at
    // its own).
    void size_key_buckets() {
        if (max_key_ < min_key_) return;  // no pixel
        const int bits = std::min(18, std::max(4, bit_width(static_cast<std::uint64_t>(total_)) - 1));
        key_shift_ = std::max(0, bit_width(max_key_ - min_key_) - bits);
        bucket_count_.assign(static_cast<std::size_t>((max_key_ - min_key_) >> key_shift_) + 1, 0);
    }

    // A seed's queue item, flagged when its group is tracked.
    Item item(std::int64_t i) const {
        const bool tracked = tracking_ && block_[i] != 0;
        return Item{static_cast<std::uint32_t>(i) | (tracked ? kTrackedBit : 0u), label_[i]};
    }

    // One pop of the bucket queue per pixel: the first copy scikit-image would queue is the
    // first it pops, and later ones change nothing. kTracked: also follows the runs of the
    // contested groups (block_) and stops at a collision.
    template <bool kTracked, class Queue>
    bool flood(Queue& queue) {
        const std::int64_t* nbs = opt_.neighbours.data();
        const std::size_t n_nb = opt_.neighbours.size();
        std::uint32_t run_block = 0, run_child = 0;
        std::uint64_t run_key = 0;
        Item it;
        while (queue.pop(it)) {
            // (Only tracked floods flag items: others may use all 32 bits of the index.)
            constexpr std::uint32_t index_bits = kTracked ? ~kTrackedBit : ~0u;
            if (const Item* next = queue.ahead(kLookahead)) prefetch_neighbourhood(next->pixel & index_bits);
            const std::uint64_t current = queue.current_level();
            const std::int64_t i = it.pixel & index_bits;
            std::uint32_t child = 0;
            if constexpr (kTracked) {
                if (it.pixel & kTrackedBit) {
                    const std::uint32_t b = block_[i];
                    if (b != run_block || current != run_key) {
                        run_block = b;
                        run_key = current;
                        run_child = static_cast<std::uint32_t>(block_level_.size());
                        block_level_.push_back(block_level_[b]);
                    }
                    child = run_child;
                    for (std::size_t k = 0; k < n_nb; ++k) {
                        const std::int64_t nb = i + nbs[k];
                        if (!open_[nb] && block_[nb] == child && label_[nb] != it.label) {
                            collided_block_ = b;
                            return false;
                        }
                    }
                }
            }
            if (n_nb <= 32) {
                // Which neighbours are open, as bits, without a branch per neighbour
                // (whether one is open is a coin toss the branch predictor loses).
                std::uint32_t open = 0;
                for (std::size_t k = 0; k < n_nb; ++k) open |= std::uint32_t(open_[i + nbs[k]]) << k;
                while (open != 0) {
                    const std::int64_t nb = i + nbs[__builtin_ctz(open)];
                    open &= open - 1;
                    // Checked again: an offset listed twice names one neighbour twice.
                    if (open_[nb]) claim<kTracked>(queue, nb, it.label, child, current);
                }
            } else {
                for (std::size_t k = 0; k < n_nb; ++k) {
                    if (open_[i + nbs[k]]) claim<kTracked>(queue, i + nbs[k], it.label, child, current);
                }
            }
        }
        return true;
    }

    template <bool kTracked, class Queue>
    void claim(Queue& queue, std::int64_t nb, Label label, std::uint32_t child, std::uint64_t current) {
        open_[nb] = 0;
        label_[nb] = label;
        std::uint32_t flag = 0;
        if constexpr (kTracked) {
            if (child != 0) {
                block_[nb] = child;
                flag = kTrackedBit;
            }
        }
        queue.push(Item{static_cast<std::uint32_t>(nb) | flag, label}, std::max<std::uint64_t>(level_[nb], current));
    }

    // Levels where seeds of different labels that can still grow (with an unlabelled
    // neighbour in the mask) compete, in increasing order.
    // `contesting_seeds`: how many seeds that can still grow those groups hold.
    std::vector<std::uint64_t> contested_levels(std::size_t& contesting_seeds) const {
        std::vector<std::pair<std::uint64_t, Label>> active;
        for (auto s : seeds_) {
            for (auto off : opt_.neighbours) {
                if (open_[s + off]) {
                    active.emplace_back(level_[s], label_[s]);
                    break;
                }
            }
        }
        std::sort(active.begin(), active.end());
        std::vector<std::uint64_t> levels;
        for (std::size_t i = 1; i < active.size(); ++i) {
            if (active[i].first == active[i - 1].first && active[i].second != active[i - 1].second &&
                (levels.empty() || levels.back() != active[i].first))
                levels.push_back(active[i].first);
        }
        contesting_seeds = 0;
        auto group = levels.begin();
        for (const auto& a : active) {
            while (group != levels.end() && *group < a.first) ++group;
            contesting_seeds += group != levels.end() && *group == a.first;
        }
        return levels;
    }

    // Gives each contested group above `heap_until` its own block. False when block ids
    // could overflow.
    bool track_groups_above(std::uint64_t heap_until, const std::vector<std::uint64_t>& contested) {
        if (static_cast<std::uint64_t>(total_) >= kTrackedBit) return false;
        block_.assign_zeroed(total_, geo_.guard);
        tracking_ = true;
        block_level_.assign(1, 0);  // block 0: untracked
        for (auto s : seeds_) {
            const std::uint64_t l = level_[s];
            if (heap_until != kNoHeap && l <= heap_until) continue;
            auto at = std::lower_bound(contested.begin(), contested.end(), l);
            if (at == contested.end() || *at != l) continue;
            // One block per group: blocks are numbered in level order after block 0.
            block_[s] = static_cast<std::uint32_t>(1 + (at - contested.begin()));
        }
        block_level_.insert(block_level_.end(), contested.begin(), contested.end());
        return true;
    }

    void restore() {
        std::copy(initial_open_.begin(), initial_open_.end(), open_.data());
    }

    // Heap items in one 64-bit word, (level, age, index) from high bits to low.
    struct PackedHeapTraits {
        using HeapItem = PackedItem;
        using Less = PackedLess;
        int index_bits, age_bits;
        Less less() const { return Less{index_bits}; }
        HeapItem make(std::uint64_t lvl, std::uint64_t age, std::int64_t i) const {
            return {(lvl << (age_bits + index_bits)) | (age << index_bits) | static_cast<std::uint64_t>(i)};
        }
        HeapItem infinite() const { return {~0ull}; }
        std::uint64_t level(const HeapItem& h) const { return h.word >> (age_bits + index_bits); }
        std::int64_t index(const HeapItem& h) const {
            return static_cast<std::int64_t>(h.word & ((1ull << index_bits) - 1));
        }
        bool is_infinite(const HeapItem& h) const { return h.word == ~0ull; }
    };

    struct WideHeapTraits {
        using HeapItem = fewseg::HeapItem<WideKey>;
        using Less = KeyLess<HeapItem>;
        Less less() const { return Less{}; }
        HeapItem make(std::uint64_t lvl, std::uint64_t age, std::int64_t i) const { return {WideKey{lvl, age}, i}; }
        HeapItem infinite() const { return {WideKey{~0ull, ~0ull}, -1}; }
        std::uint64_t level(const HeapItem& h) const { return h.key.value; }
        std::int64_t index(const HeapItem& h) const { return h.index; }
        bool is_infinite(const HeapItem& h) const { return h.index < 0; }
    };

    bool packed_items_fit() {
        layout_ = PackedLayout(static_cast<std::uint64_t>(total_), level_count_.size());
        return kIntegerValues && layout_.fits;
    }

    template <class Traits>
    Traits heap_traits() const {
        if constexpr (std::is_same_v<Traits, PackedHeapTraits>) return Traits{layout_.index_bits, layout_.age_bits};
        else return Traits{};
    }

    // scikit-image's flood, item for item, until every item up to key (heap_until, 0)
    // has popped; the rest then go to `queue` in their (level, age) order, the queue
    // starting at level heap_until (where items may sit above their own level: they join
    // its FIFO). Items above that key never pop here, and which of them sits where in the heap never changes
    // where the others are (a smaller item compares the same with any of them; among
    // them, moves stay inside subtrees of larger items), so the heap holds them as equal
    // "infinite" placeholders and they wait in push order, which is age order, outside.
    template <class Traits, class Queue>
    void flood_with_heap(std::uint64_t heap_until, Queue& queue) {
        const Traits t = heap_traits<Traits>();
        SkimageHeap<typename Traits::HeapItem, typename Traits::Less> heap(t.less());
        std::vector<std::pair<Item, std::uint64_t>> waiting;  // (item, level)
        for (auto s : seeds_) {
            if (level_[s] <= heap_until) {
                heap.push(t.make(level_[s], 0, s));
            } else {
                heap.push_last(t.infinite());
                waiting.emplace_back(item(s), level_[s]);
            }
        }
        std::uint64_t age = 1;
        const std::int64_t* nbs = opt_.neighbours.data();
        const std::size_t n_nb = opt_.neighbours.size();
        while (!heap.empty() && !t.is_infinite(heap.top())) {
            const auto popped = heap.pop();
            const std::uint64_t popped_level = t.level(popped);
            const std::int64_t i = t.index(popped);
            // The new top is almost always the next pop (pushes come after it in age).
            if (!heap.empty() && !t.is_infinite(heap.top())) prefetch_neighbourhood(t.index(heap.top()));
            // Most seeds of large marker regions have no neighbour left to flood: their
            // label is read only when needed.
            Label label = 0;
            bool have_label = false;
            for (std::size_t k = 0; k < n_nb; ++k) {
                const std::int64_t nb = i + nbs[k];
                if (!open_[nb]) continue;
                if (!have_label) {
                    label = label_[i];
                    have_label = true;
                }
                open_[nb] = 0;
                label_[nb] = label;
                const std::uint64_t lvl = std::max<std::uint64_t>(level_[nb], popped_level);
                ++age;
                // Ages are positive: (heap_until, age) is above (heap_until, 0).
                if (lvl < heap_until) {
                    heap.push(t.make(lvl, age, nb));
                } else {
                    heap.push_last(t.infinite());
                    waiting.emplace_back(Item{static_cast<std::uint32_t>(nb), label}, lvl);
                }
            }
        }
        queue.start_at(heap_until);
        for (const auto& [it, lvl] : waiting) queue.push(it, lvl);
    }

    WatershedOptions opt_;
    FloodGeometry geo_;
    std::int64_t total_ = 0;
    Guarded<std::uint8_t> open_;  // in the mask and not labelled yet
    LargeBuffer<Level> level_;       // the value, or its order key
    LargeBuffer<Label> label_;
    std::vector<std::int64_t> seeds_;
    std::vector<std::uint32_t> level_count_;  // integer images: queued pixels per level
    // Float images: key range, and pixels per bucket of keys (see count_key_buckets).
    std::uint64_t min_key_ = ~0ull, max_key_ = 0;
    int key_shift_ = 0;
    std::vector<std::uint32_t> bucket_count_;
    PackedLayout layout_;
    // tie_break="skimage" with contested groups:
    std::vector<std::uint8_t> initial_open_;
    bool tracking_ = false;
    Guarded<std::uint32_t> block_;            // tracked pixels: the block of their run
    std::vector<std::uint64_t> block_level_;  // per block: the level of its group
    std::uint32_t collided_block_ = 0;
};

}  // namespace detail
}  // namespace fewseg
