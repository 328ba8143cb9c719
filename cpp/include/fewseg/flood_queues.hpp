// The two priority queues of the watershed flood.
//
// Both pop in order of (key, age). Ages are unique except for seeds (all age 0), so any
// correct queue gives the same order for everything but seeds of equal key; among those
// only scikit-image's own binary-heap layout reproduces its order. Hence:
//  - SkimageHeap: a binary min-heap whose every push and pop moves items exactly as
//    scikit-image's heap_general.pxi does (strict comparisons, left child preferred),
//    with items stored inline instead of behind pointers;
//  - RadixQueue: a monotone radix heap over 64-bit keys, FIFO among equal keys, which is
//    exact (key, age) order in amortised near-constant time when keys never go below the
//    last popped key, as in a flood without compactness.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace fewseg {

// Order-preserving map of a double onto uint64 (for non-NaN values): a < b as doubles
// iff key(a) < key(b) as integers. -0.0 is folded onto +0.0 because they compare equal.
inline std::uint64_t order_key(double v) {
    if (v == 0.0) v = 0.0;
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    return (bits & 0x8000000000000000ull) ? ~bits : (bits | 0x8000000000000000ull);
}

struct FloodItem {
    std::uint64_t key;
    std::int64_t index;   // raveled index in the padded image
    std::int64_t source;  // seed the flood came from (watershed lines and compactness)
};

class SkimageHeap {
  public:
    struct Entry {
        FloodItem item;
        std::uint64_t age;
    };

    bool empty() const { return items_.empty(); }
    std::size_t size() const { return items_.size(); }
    const FloodItem& top() const { return items_.front().item; }

    void push(const FloodItem& item, std::uint64_t age) {
        std::size_t child = items_.size();
        items_.push_back({item, age});
        const Entry e = items_.back();
        while (child > 0) {
            const std::size_t parent = (child + 1) / 2 - 1;
            if (!smaller(e, items_[parent])) break;
            items_[child] = items_[parent];
            child = parent;
        }
        items_[child] = e;
    }

    FloodItem pop() {
        const FloodItem out = items_.front().item;
        const Entry last = items_.back();
        items_.pop_back();
        const std::size_t n = items_.size();
        if (n == 0) return out;
        // Sift `last` down from the root: move the smaller child up while it is strictly
        // smaller than `last`, the left child unless the right one is strictly smaller.
        std::size_t i = 0;
        while (true) {
            const std::size_t l = 2 * i + 1, r = l + 1;
            if (l >= n) break;
            std::size_t smallest = i;
            const Entry* best = &last;
            if (smaller(items_[l], *best)) { smallest = l; best = &items_[l]; }
            if (r < n && smaller(items_[r], *best)) smallest = r;
            if (smallest == i) break;
            items_[i] = items_[smallest];
            i = smallest;
        }
        items_[i] = last;
        return out;
    }

    // Remaining items in (key, age) order, emptying the heap.
    std::vector<Entry> drain_sorted();

  private:
    static bool smaller(const Entry& a, const Entry& b) {
        if (a.item.key != b.item.key) return a.item.key < b.item.key;
        return a.age < b.age;
    }
    std::vector<Entry> items_;
};

class RadixQueue {
  public:
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }

    // Keys must never be below the last popped key (the flood is monotone).
    void push(const FloodItem& item) {
        buckets_[bucket_of(item.key)].push_back(item);
        ++size_;
    }

    FloodItem pop() {
        if (head_ == buckets_[0].size()) refill();
        --size_;
        return buckets_[0][head_++];
    }

    void reset_floor(std::uint64_t key) { last_ = key; }

  private:
    int bucket_of(std::uint64_t key) const {
        // __builtin_clzll: std::countl_zero is C++20.
        return key == last_ ? 0 : 64 - __builtin_clzll(key ^ last_);
    }

    // Bucket 0 is used up: take the lowest non-empty bucket, make its minimum the new
    // floor and spread its items, in order, over the (empty) lower buckets. Keeping every
    // move in order keeps equal keys in push order, hence FIFO.
    void refill() {
        buckets_[0].clear();
        head_ = 0;
        int b = 1;
        while (buckets_[b].empty()) ++b;
        auto& from = buckets_[b];
        std::uint64_t lo = from.front().key;
        for (const auto& it : from) lo = it.key < lo ? it.key : lo;
        last_ = lo;
        for (const auto& it : from) buckets_[bucket_of(it.key)].push_back(it);
        from.clear();
    }

    std::vector<FloodItem> buckets_[65];
    std::size_t head_ = 0;
    std::size_t size_ = 0;
    std::uint64_t last_ = 0;
};

inline std::vector<SkimageHeap::Entry> SkimageHeap::drain_sorted() {
    std::vector<Entry> out;
    out.swap(items_);
    std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return smaller(a, b); });
    return out;
}

}  // namespace fewseg
