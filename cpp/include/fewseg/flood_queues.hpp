// The two priority queues of the watershed flood.
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
//  - RadixQueue: the same order for images with many distinct values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace fewseg {

// Order-preserving map of a double onto uint64 (for non-NaN values): a < b as doubles
// iff order_key(a) < order_key(b). -0.0 is folded onto +0.0 because they compare equal.
inline std::uint64_t order_key(double v) {
    if (v == 0.0) v = 0.0;
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return (bits & 0x8000000000000000ull) ? ~bits : (bits | 0x8000000000000000ull);
}

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

    Item pop() {
        const Item out = items_.front();
        const Item last = items_.back();
        items_.pop_back();
        const std::size_t n = items_.size();
        if (n == 0) return out;
        // Sift `last` down from the root: move the smaller child up while it is strictly
        // smaller than `last`, the left child unless the right one is strictly smaller.
        std::size_t i = 0;
        while (true) {
            const std::size_t l = 2 * i + 1, r = l + 1;
            if (l >= n) break;
            // Same choice as "left if smaller than last, then right if smaller than that",
            // without the unpredictable branch.
            const std::size_t c = (r < n && less_(items_[r], items_[l])) ? r : l;
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

class LevelQueue {
  public:
    // `count[l]`: how many pixels have level l; each pixel is queued at most once.
    explicit LevelQueue(const std::vector<std::uint32_t>& count)
        : start_(count.size() + 1, 0), fill_(count.size(), 0) {
        for (std::size_t l = 0; l < count.size(); ++l) start_[l + 1] = start_[l] + count[l];
        slots_.resize(start_.back());
    }

    // `level` must not be below the current level. A pixel queued above the current level
    // is at its own level (pushes are clamped up to the current one, never beyond), so it
    // has a reserved slot; at the current level it joins the FIFO that runs after them.
    void push(std::int64_t pixel, std::uint64_t level) {
        if (level > current_) slots_[start_[level] + fill_[level]++] = pixel;
        else fifo_.push_back(pixel);
    }

    bool pop(std::int64_t& pixel) {
        while (true) {
            if (read_ < fill_[current_]) {
                pixel = slots_[start_[current_] + read_++];
                return true;
            }
            if (fifo_head_ < fifo_.size()) {
                pixel = fifo_[fifo_head_++];
                return true;
            }
            fifo_.clear();
            fifo_head_ = 0;
            read_ = 0;
            if (++current_ >= fill_.size()) return false;
        }
    }

    std::uint64_t current_level() const { return current_; }

  private:
    std::vector<std::uint64_t> start_;
    std::vector<std::uint32_t> fill_;
    std::vector<std::int64_t> slots_;
    std::vector<std::int64_t> fifo_;
    std::size_t fifo_head_ = 0;
    std::uint32_t read_ = 0;
    std::uint64_t current_ = 0;
};

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

}  // namespace fewseg
