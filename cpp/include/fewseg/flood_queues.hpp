// The priority queues of the watershed flood.
//
// Both pop in order of (value, age). Ages are unique except for seeds (all age 0), so any
// correct queue gives the same order for everything but seeds of equal value; among those
// only scikit-image's own binary-heap layout reproduces its order. Hence:
//  - SkimageHeap: a binary min-heap whose every push and pop moves items exactly as
//    scikit-image's heap_general.pxi does (strict comparisons, left child preferred),
//    with items stored inline instead of behind pointers;
//  - LevelQueue: a bucket queue over value levels for floods whose values never go below
//    the level being popped. Linear time, exact (value, age) order, contiguous memory
//    (slots reserved per level, counting-sort style), but each pixel is queued only once;
//  - RadixQueue: the same order for images with many distinct values (watershed lines);
//  - SortedBucketQueue: the same again, for the plain flood of float images: a counting
//    sort over buckets of keys, each bucket sorted when reached, so the order is known
//    ahead and every item is written and read once.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <vector>

#include "fewseg/large_buffer.hpp"

namespace fewseg {

// Order-preserving map of a float or double onto an unsigned integer of its width (for
// non-NaN values): a < b iff order_key(a) < order_key(b). -0.0 is folded onto +0.0
// because they compare equal.
template <class Float, class Bits>
Bits order_key_of(Float v) {
    static_assert(sizeof(Float) == sizeof(Bits), "one key bit per value bit");
    if (v == Float(0)) v = Float(0);
    Bits bits;
    std::memcpy(&bits, &v, sizeof bits);
    constexpr Bits sign = Bits(1) << (8 * sizeof(Bits) - 1);
    return (bits & sign) ? Bits(~bits) : Bits(bits | sign);
}

inline std::uint64_t order_key(double v) { return order_key_of<double, std::uint64_t>(v); }

// A float's 32-bit key (its double's order_key would need 64 bits).
inline std::uint32_t order_key32(float v) { return order_key_of<float, std::uint32_t>(v); }

// Heap items are (key, index[, source]) where the key orders by (value, age): either one
// packed 64-bit word or, when that cannot hold both, a pair.
struct WideKey {
    std::uint64_t value;
    std::uint64_t age;
    bool operator<(const WideKey& o) const { return value != o.value ? value < o.value : age < o.age; }
};

template <class Key>
struct HeapItem {
    Key key;
    std::int64_t index;
};

// With watershed lines, a pixel takes its label when popped: the item carries it.
template <class Key, class Label>
struct LabelledHeapItem {
    Key key;
    std::int64_t index;
    Label label;
};

// Compact watershed: the value depends on the distance to the seed.
template <class Key>
struct SourcedHeapItem {
    Key key;
    std::int64_t index;
    std::int64_t source;
};

template <class Item>
struct KeyLess {
    bool operator()(const Item& a, const Item& b) const { return a.key < b.key; }
};

template <class Item, class Less = KeyLess<Item>>
class SkimageHeap {
  public:
    SkimageHeap() = default;
    explicit SkimageHeap(Less less) : less_(less) {}

    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const Item& top() const { return items_.front(); }

    void push(const Item& item) {
        std::size_t child = items_.size();
        items_.push_back(item);
        while (child > 0) {
            const std::size_t parent = (child + 1) / 2 - 1;
            if (!less_(item, items_[parent])) break;
            items_[child] = items_[parent];
            child = parent;
        }
        items_[child] = item;
    }

    // Appends `item` without sifting it up: for items that no item already queued exceeds.
    void push_last(const Item& item) { items_.push_back(item); }

    Item pop() {
        const Item out = items_.front();
        const Item last = items_.back();
        items_.pop_back();
        const std::size_t n = items_.size();
        if (n == 0) return out;
        // Sift `last` down from the root: move the smaller child up while it is strictly
        // smaller than `last`, the left child unless the right one is strictly smaller.
        std::size_t i = 0;
        const Item* data = items_.data();
        while (true) {
            const std::size_t l = 2 * i + 1, r = l + 1;
            if (l >= n) break;
            // The path down is not known yet, but its next levels are few lines: load
            // them while this level is compared (a large heap does not fit in cache).
            __builtin_prefetch(data + 4 * i + 3);
            __builtin_prefetch(data + 8 * i + 7);
            __builtin_prefetch(data + 8 * i + 14);
            // Same choice as "left if smaller than last, then right if smaller than that",
            // without the unpredictable branch (half the choices go either way): a missing
            // right child is compared as the left one, which is not strictly smaller.
            const Item* right = data + (r < n ? r : l);
            const std::size_t c = l + static_cast<std::size_t>(less_(*right, data[l]));
            if (!less_(items_[c], last)) break;
            items_[i] = items_[c];
            i = c;
        }
        items_[i] = last;
        return out;
    }

    // Remaining items in key order, emptying the heap.
    std::vector<Item> drain_sorted() {
        std::vector<Item> out;
        out.swap(items_);
        std::sort(out.begin(), out.end(), less_);
        return out;
    }

  private:
    std::vector<Item> items_;
    Less less_;
};

// The whole item in one word, (level, age, index) from high bits to low, for floods small
// enough: half the memory of HeapItem, so the heap stays in cache longer. Only the
// (level, age) bits are compared: seeds (age 0) of equal level must compare equal.
struct PackedItem {
    std::uint64_t word;
};

struct PackedLess {
    int index_bits;
    bool operator()(const PackedItem& a, const PackedItem& b) const {
        return (a.word >> index_bits) < (b.word >> index_bits);
    }
};

// Bits needed to write v (0 for 0): C++20's std::bit_width, which C++17 lacks.
inline int bit_width(std::uint64_t v) {
    int bits = 0;
    while (v) { ++bits; v >>= 1; }
    return bits;
}

// The bits of a PackedItem for a flood of `pixels` pixels over `levels` levels where each
// pixel is pushed once (ages up to pixels + 1); `fits` when level, age and index fit in 64.
struct PackedLayout {
    int index_bits = 0, age_bits = 0;
    bool fits = false;

    PackedLayout() = default;
    PackedLayout(std::uint64_t pixels, std::uint64_t levels)
        : index_bits(bit_width(pixels)), age_bits(bit_width(pixels + 2)),
          fits(bit_width(levels) + age_bits + index_bits <= 64) {}
};

// `Item`: the queued pixel, alone (std::int64_t) or with what the flood needs when it pops.
template <class Item>
class BasicLevelQueue {
  public:
    // `count[l]`: how many pixels have level l; each pixel is queued at most once.
    explicit BasicLevelQueue(const std::vector<std::uint32_t>& count)
        : start_(count.size() + 1, 0), fill_(count.size(), 0) {
        for (std::size_t l = 0; l < count.size(); ++l) start_[l + 1] = start_[l] + count[l];
        slots_ = allocate_large<Item>(start_.back() + 1);
    }

    // `level` must not be below the current level. A pixel queued above the current level
    // is at its own level (pushes are clamped up to the current one, never beyond), so it
    // has a reserved slot; at the current level it joins the FIFO that runs after them.
    void push(const Item& item, std::uint64_t level) {
        if (level > current_) {
            const std::uint64_t at = start_[level] + fill_[level]++;
            // A caller queueing a pixel twice, or above its own level, would overwrite
            // another level's slots: refuse rather than corrupt memory.
            if (at >= start_[level + 1]) throw std::logic_error("LevelQueue: level over its reserved slots");
            slots_[at] = item;
        } else {
            fifo_.push_back(item);
        }
    }

    bool pop(Item& item) {
        while (true) {
            if (read_ < fill_[current_]) {
                item = slots_[start_[current_] + read_++];
                return true;
            }
            if (fifo_head_ < fifo_.size()) {
                item = fifo_[fifo_head_++];
                return true;
            }
            fifo_.clear();
            fifo_head_ = 0;
            read_ = 0;
            if (++current_ >= fill_.size()) return false;
        }
    }

    std::uint64_t current_level() const { return current_; }

    // Makes `level` the current one, on an empty queue: items then queued at it join its
    // FIFO in push order, whatever their own level.
    void start_at(std::uint64_t level) { current_ = level; }

    // The item `k` pops after the next one, if already queued at this level; else null.
    const Item* ahead(std::size_t k) const {
        const std::size_t in_slots = fill_[current_] - read_;
        if (k < in_slots) return &slots_[start_[current_] + read_ + k];
        k -= in_slots;
        return fifo_head_ + k < fifo_.size() ? &fifo_[fifo_head_ + k] : nullptr;
    }

  private:
    std::vector<std::uint64_t> start_;
    std::vector<std::uint32_t> fill_;
    LargeBuffer<Item> slots_;  // every slot is written before it is read
    std::vector<Item> fifo_;
    std::size_t fifo_head_ = 0;
    std::uint32_t read_ = 0;
    std::uint64_t current_ = 0;
};

using LevelQueue = BasicLevelQueue<std::int64_t>;

// The queue for images with many distinct values (floating point): a monotone radix heap
// over 64-bit order keys. Items sit in bucket b when the highest bit where their key
// differs from the last popped key is b - 1; bucket 0 holds keys equal to it, in FIFO
// order. Every move keeps items in order, so equal keys leave in push order: exact
// (value, age) order, each item moved at most 64 times, the frontier small and in cache.
class RadixQueue {
  public:
    struct Item {
        std::uint64_t key;
        std::int64_t pixel;
    };

    // `key` must not be below the current key.
    void push(std::int64_t pixel, std::uint64_t key) { put({key, pixel}); }

    bool pop(std::int64_t& pixel) {
        if (head_ == buckets_[0].size() && !refill()) return false;
        pixel = buckets_[0][head_++].pixel;
        return true;
    }

    std::uint64_t current_level() const { return last_; }

    // The pixel `k` pops after the next one, if already known; else -1.
    std::int64_t ahead(std::size_t k) const {
        return head_ + k < buckets_[0].size() ? buckets_[0][head_ + k].pixel : -1;
    }

  private:
    int bucket_of(std::uint64_t key) const {
        // __builtin_clzll: std::countl_zero is C++20.
        return key == last_ ? 0 : 64 - __builtin_clzll(key ^ last_);
    }

    void put(const Item& item) {
        const int b = bucket_of(item.key);
        buckets_[b].push_back(item);
        if (b > 0) occupied_ |= 1ull << (b - 1);
    }

    // Bucket 0 is used up: the lowest non-empty bucket's minimum becomes the new floor and
    // its items spread, in order, over the (empty) lower buckets.
    bool refill() {
        buckets_[0].clear();
        head_ = 0;
        if (occupied_ == 0) return false;
        const int b = 1 + __builtin_ctzll(occupied_);  // the lowest non-empty bucket
        auto& from = buckets_[b];
        occupied_ &= ~(1ull << (b - 1));
        std::uint64_t lo = from.front().key;
        for (const auto& it : from) lo = std::min(lo, it.key);
        last_ = lo;
        for (const auto& it : from) put(it);
        from.clear();
        return true;
    }

    std::vector<Item> buckets_[65];
    std::uint64_t occupied_ = 0;  // bit b - 1 set: bucket b is not empty
    std::size_t head_ = 0;
    std::uint64_t last_ = 0;
};

// The queue for images with many distinct values (floating point), as a counting sort: keys
// map monotonically onto buckets ((key - base) >> shift), each pixel has a slot reserved in
// its own key's bucket (it is queued at most once, and above the current key only at its
// own), and a bucket is sorted when the flood reaches it. Each item is written once and
// read once, and the order is known for the whole bucket ahead.
//
// Pushes at the current key join a FIFO; pushes into the bucket being popped, above the
// current key, wait in a small heap ("late", ordered by key then push order). Among equal
// keys the bucket's items are the oldest, then the late ones, then the FIFO.
template <class Payload>
class SortedBucketQueue {
  public:
    struct Item {
        std::uint64_t key;
        Payload payload;
    };

    // `count[b]`: how many pixels have their own key in bucket b.
    SortedBucketQueue(std::uint64_t base, int shift, const std::vector<std::uint32_t>& count)
        : base_(base), shift_(shift), buckets_(count.size() + 1, Bucket{0, 0}) {
        for (std::size_t b = 0; b < count.size(); ++b) {
            buckets_[b + 1].start = buckets_[b + 1].end = buckets_[b].start + count[b];
        }
        slots_ = allocate_large<Item>(buckets_.back().start + 1);
    }

    std::uint64_t bucket_of(std::uint64_t key) const { return (key - base_) >> shift_; }

    // `key` must not be below the current key, nor below `base`.
    void push(const Payload& payload, std::uint64_t key) {
        if (key == current_) {
            fifo_.push_back(Item{key, payload});
            return;
        }
        const std::uint64_t b = bucket_of(key);
        if (static_cast<std::int64_t>(b) == bucket_) {
            late_.push_back(Late{key, late_seq_++, payload});
            std::push_heap(late_.begin(), late_.end(), LateAfter{});
            return;
        }
        const std::uint32_t at = buckets_[b].end++;
        if (at >= buckets_[b + 1].start) throw std::logic_error("SortedBucketQueue: bucket over its reserved slots");
        slots_[at] = Item{key, payload};
    }

    bool pop(Payload& payload) {
        // The common cases inline, the rest out of line.
        if (fifo_head_ < fifo_.size() && !(run_ < run_end_ && slots_[run_].key == current_) && late_.empty()) {
            payload = fifo_[fifo_head_++].payload;
            return true;
        }
        if (fifo_head_ == fifo_.size() && late_.empty() && run_ < run_end_) {
            fifo_.clear();
            fifo_head_ = 0;
            current_ = slots_[run_].key;
            payload = slots_[run_++].payload;
            return true;
        }
        return pop_slowly(payload);
    }

    std::uint64_t current_level() const { return current_; }

    // Makes `key` the current one, on an empty queue (see BasicLevelQueue::start_at).
    void start_at(std::uint64_t key) {
        current_ = key;
        bucket_ = static_cast<std::int64_t>(bucket_of(key)) - 1;
    }

    // The payload probably popped `k` pops after the next one (for prefetching), or null.
    const Payload* ahead(std::size_t k) const {
        const std::size_t in_fifo = fifo_.size() - fifo_head_;
        if (k < in_fifo) return &fifo_[fifo_head_ + k].payload;
        k -= in_fifo;
        if (run_ + k < run_end_) return &slots_[run_ + k].payload;
        // Then the next bucket's items, in some order: they all pop soon.
        k -= run_end_ - run_;
        if (next_ >= buckets_.size() - 1) return nullptr;
        const std::uint32_t at = buckets_[next_].start + static_cast<std::uint32_t>(k);
        return at < buckets_[next_].end ? &slots_[at].payload : nullptr;
    }

  private:
#if defined(__GNUC__)
    __attribute__((noinline))
#endif
    bool pop_slowly(Payload& payload) {
        if (run_ < run_end_ && slots_[run_].key == current_) {
            payload = slots_[run_++].payload;
            return true;
        }
        if (!late_.empty() && late_.front().key == current_) {
            payload = pop_late();
            return true;
        }
        if (fifo_head_ < fifo_.size()) {
            payload = fifo_[fifo_head_++].payload;
            return true;
        }
        fifo_.clear();
        fifo_head_ = 0;
        // The next key: the bucket's (older) or a late item's, whichever is smaller.
        if (run_ < run_end_ && (late_.empty() || slots_[run_].key <= late_.front().key)) {
            current_ = slots_[run_].key;
            payload = slots_[run_++].payload;
            return true;
        }
        if (!late_.empty()) {
            current_ = late_.front().key;
            payload = pop_late();
            return true;
        }
        if (!enter_next_bucket()) return false;
        current_ = slots_[run_].key;
        payload = slots_[run_++].payload;
        return true;
    }

    struct Late {
        std::uint64_t key;
        std::uint64_t seq;
        Payload payload;
    };
    struct LateAfter {  // heap order: smallest (key, seq) on top
        bool operator()(const Late& a, const Late& b) const {
            return a.key != b.key ? a.key > b.key : a.seq > b.seq;
        }
    };

    Payload pop_late() {
        std::pop_heap(late_.begin(), late_.end(), LateAfter{});
        const Payload p = late_.back().payload;
        late_.pop_back();
        return p;
    }

    bool enter_next_bucket() {
        const auto n = static_cast<std::int64_t>(buckets_.size()) - 1;
        std::int64_t b = bucket_ + 1;
        while (b < n && buckets_[b].end == buckets_[b].start) ++b;
        if (b >= n) return false;
        bucket_ = b;
        run_ = buckets_[b].start;
        run_end_ = buckets_[b].end;
        Item* first = slots_.get() + run_;
        Item* last = slots_.get() + run_end_;
        // Stable: equal keys keep their push order. Buckets are small but for skewed values.
        auto by_key = [](const Item& a, const Item& c) { return a.key < c.key; };
        if (last - first <= 32) {
            for (Item* i = first + 1; i < last; ++i) {
                const Item it = *i;
                Item* j = i;
                for (; j > first && it.key < (j - 1)->key; --j) *j = *(j - 1);
                *j = it;
            }
        } else {
            std::stable_sort(first, last, by_key);
        }
        // A hint for ahead() (a later push may fill a bucket before it).
        next_ = static_cast<std::size_t>(b + 1);
        while (next_ + 1 < buckets_.size() && buckets_[next_].end == buckets_[next_].start) ++next_;
        return true;
    }

    std::uint64_t base_;
    int shift_;
    // Bucket b's slots are [start, start + count[b]), filled up to `end`; one more entry
    // holds the total. Together: a push touches one cache line of them.
    struct Bucket {
        std::uint32_t start, end;
    };
    std::vector<Bucket> buckets_;
    LargeBuffer<Item> slots_;  // every slot read was written
    std::int64_t bucket_ = -1;       // the bucket being popped
    std::size_t next_ = ~std::size_t(0);  // the next non-empty bucket, when bucket_ was entered
    std::uint32_t run_ = 0, run_end_ = 0;
    std::vector<Late> late_;
    std::uint64_t late_seq_ = 0;
    std::vector<Item> fifo_;
    std::size_t fifo_head_ = 0;
    std::uint64_t current_ = ~0ull;  // no key yet (order keys never reach ~0)
};

}  // namespace fewseg
