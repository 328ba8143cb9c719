// scikit-image's joining of marching-squares segments into contours (the function
// _assemble_contours of skimage.measure.find_contours), in linear time.
//
// Segments arrive directed and in scikit-image's emission order; they are keyed by the
// exact values of their end points. Contours here are linked lists of points, so
// appending, prepending and joining two contours are all O(1), where scikit-image's
// deques pay the length of one contour to join two.
//
// The maps hold at most one contour per point value, and a point where more than two
// segments meet (a saddle exactly at the level, a pixel exactly at the level) overwrites
// an entry or drops one. What those collisions do is part of scikit-image's output, so
// the maps here are updated in the same sequence, entry for entry.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <vector>

namespace fewseg {

struct IsoContourList {
    std::vector<double> points;         // (row, col) pairs of every contour, back to back
    std::vector<std::int64_t> offsets;  // contour i is points [offsets[i], offsets[i+1]) (in pairs)
    std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

namespace marching_detail {

struct Point {
    double r, c;
};

// Python's tuple equality on floats: NaN equals nothing, not even itself.
inline bool same_point(const Point& a, const Point& b) { return a.r == b.r && a.c == b.c; }
inline bool has_nan(const Point& p) { return std::isnan(p.r) || std::isnan(p.c); }

// Point -> contour number, with dict semantics (set overwrites, take removes). Open
// addressing with linear probing and backward-shift deletion: the joiner removes as many
// entries as it adds, and tombstones would pile up.
class PointMap {
public:
    PointMap() { rehash(64); }

    // The value at p, removed from the map; -1 if p is absent.
    std::int64_t take(const Point& p) {
        if (has_nan(p)) return -1;
        std::size_t i = slot_of(p);
        while (slots_[i].value != -1) {
            if (same_point(slots_[i].key, p)) {
                const std::int64_t found = slots_[i].value;
                erase_at(i);
                return found;
            }
            i = (i + 1) & mask_;
        }
        return -1;
    }

    void set(const Point& p, std::int64_t value) {
        // A key with NaN can never be found again (NaN != NaN): nothing to store.
        if (has_nan(p)) return;
        std::size_t i = slot_of(p);
        while (slots_[i].value != -1) {
            if (same_point(slots_[i].key, p)) {
                slots_[i].value = value;
                return;
            }
            i = (i + 1) & mask_;
        }
        slots_[i] = {p, value};
        if (++count_ * 2 > slots_.size()) rehash(slots_.size() * 2);
    }

private:
    struct Slot {
        Point key;
        std::int64_t value;  // -1: empty
    };

    static std::uint64_t bits(double v) {
        v += 0.0;  // -0.0 and 0.0 are equal keys: give them one hash
        std::uint64_t b;
        std::memcpy(&b, &v, sizeof b);
        return b;
    }

    std::size_t slot_of(const Point& p) const {
        // splitmix64's finaliser over both coordinates: grid points differ in few bits.
        std::uint64_t h = bits(p.r) * 0x9E3779B97F4A7C15ULL ^ bits(p.c);
        h ^= h >> 30;
        h *= 0xBF58476D1CE4E5B9ULL;
        h ^= h >> 27;
        h *= 0x94D049BB133111EBULL;
        h ^= h >> 31;
        return static_cast<std::size_t>(h) & mask_;
    }

    void erase_at(std::size_t hole) {
        --count_;
        std::size_t i = hole;
        while (true) {
            i = (i + 1) & mask_;
            if (slots_[i].value == -1) break;
            const std::size_t home = slot_of(slots_[i].key);
            // Move the entry back into the hole unless its home lies cyclically in (hole, i].
            const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (stays) continue;
            slots_[hole] = slots_[i];
            hole = i;
        }
        slots_[hole].value = -1;
    }

    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(capacity, Slot{{0.0, 0.0}, -1});
        mask_ = capacity - 1;
        count_ = 0;
        for (const Slot& s : old)
            if (s.value != -1) set(s.key, s.value);
    }

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    std::size_t count_ = 0;
};

// Joins directed segments into contours exactly as scikit-image's _assemble_contours does.
// Contour numbers are creation order; when two contours join, the result keeps the older
// number, so numbering them gives scikit-image's output order.
class Joiner {
public:
    void add(const Point& from, const Point& to) {
        // Degenerate segments come from a square corner exactly at the level; the
        // neighbouring squares carry that point.
        if (same_point(from, to)) return;
        const std::int64_t tail = starts_.take(to);   // contour that begins where this segment ends
        const std::int64_t head = ends_.take(from);   // contour that ends where this segment begins
        if (tail != -1 && head != -1) {
            if (tail == head) {
                push_back(head, to);  // closed: the first point comes again at the end
                return;
            }
            // head, then tail, under the older of the two numbers.
            const std::int64_t kept = std::min(head, tail), dropped = std::max(head, tail);
            next_[last_[head]] = first_[tail];
            const std::int64_t first = first_[head], last = last_[tail];
            first_[kept] = first;
            last_[kept] = last;
            first_[dropped] = -1;
            starts_.set(points_[first], kept);
            ends_.set(points_[last], kept);
        } else if (tail == -1 && head == -1) {
            const std::int64_t id = static_cast<std::int64_t>(first_.size());
            first_.push_back(new_node(from));
            last_.push_back(new_node(to));
            next_[first_.back()] = last_.back();
            starts_.set(from, id);
            ends_.set(to, id);
        } else if (head == -1) {
            const std::int64_t node = new_node(from);
            next_[node] = first_[tail];
            first_[tail] = node;
            starts_.set(from, tail);
        } else {
            push_back(head, to);
            ends_.set(to, head);
        }
    }

    // Every contour in number order, reversed when `reverse` (scikit-image's
    // positive_orientation="high").
    IsoContourList take_contours(bool reverse) {
        IsoContourList out;
        out.points.reserve(2 * points_.size());
        out.offsets.push_back(0);
        for (std::size_t id = 0; id < first_.size(); ++id) {
            if (first_[id] == -1) continue;
            const std::size_t begin = out.points.size();
            for (std::int64_t n = first_[id]; n != -1; n = next_[n]) {
                out.points.push_back(points_[n].r);
                out.points.push_back(points_[n].c);
            }
            if (reverse) {
                double* p = out.points.data() + begin;
                for (std::size_t i = 0, j = out.points.size() - begin - 2; i < j; i += 2, j -= 2) {
                    std::swap(p[i], p[j]);
                    std::swap(p[i + 1], p[j + 1]);
                }
            }
            out.offsets.push_back(static_cast<std::int64_t>(out.points.size() / 2));
        }
        if (out.offsets.size() == 1) out.offsets.clear();
        return out;
    }

private:
    std::int64_t new_node(const Point& p) {
        points_.push_back(p);
        next_.push_back(-1);
        return static_cast<std::int64_t>(points_.size()) - 1;
    }

    void push_back(std::int64_t id, const Point& p) {
        const std::int64_t node = new_node(p);
        next_[last_[id]] = node;
        last_[id] = node;
    }

    std::vector<Point> points_;        // every point once, linked into contours by next_
    std::vector<std::int64_t> next_;   // -1 ends a contour
    std::vector<std::int64_t> first_;  // per contour number; -1 once joined into an older one
    std::vector<std::int64_t> last_;
    PointMap starts_, ends_;
};

}  // namespace marching_detail

}  // namespace fewseg
