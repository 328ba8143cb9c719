// Runs of equal values along an image row: the unit of work of the per-label passes,
// which do per-run arithmetic instead of per-pixel arithmetic.
//
// Label images have short runs (around ten pixels on ragged regions), so the run ends are
// found for a whole row at once: one branch-free (vectorised) pass marks where the value
// changes, then the marks are read eight at a time.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "fewseg/vector_clones.hpp"

namespace fewseg {

// d[x] = 1 where row[x] starts a run (x = 0 included), for x in [0, n).
template <class T>
FEWSEG_VECTOR_CLONES inline void mark_run_starts(const T* row, std::int64_t n, std::uint8_t* d) {
    if (n > 0) d[0] = 1;
    for (std::int64_t x = 1; x < n; ++x) d[x] = row[x] != row[x - 1];
}

class RowRuns {
  public:
    // Marks the run starts of row[0..n) (contiguous).
    template <class T>
    void load(const T* row, std::int64_t n) {
        n_ = n;
        starts_.resize(static_cast<std::size_t>(n) + 16);
        std::uint8_t* d = starts_.data();
        mark_run_starts(row, n, d);
        std::memset(d + n, 1, 16);  // sentinels: a run always ends at n
    }

    // Marks the run starts of a row with any stride in bytes.
    template <class T>
    void load_strided(const char* row, std::int64_t stride, std::int64_t n) {
        if (stride == static_cast<std::int64_t>(sizeof(T))) return load(reinterpret_cast<const T*>(row), n);
        n_ = n;
        starts_.resize(static_cast<std::size_t>(n) + 16);
        std::uint8_t* d = starts_.data();
        T prev{};
        for (std::int64_t x = 0; x < n; ++x) {
            const T v = *reinterpret_cast<const T*>(row + x * stride);
            d[x] = x == 0 || v != prev;
            prev = v;
        }
        std::memset(d + n, 1, 16);
    }

    // The end of the run that contains x (the next run start after x, or n).
    std::int64_t end_of(std::int64_t x) const {
        const std::uint8_t* d = starts_.data();
        ++x;
        for (;;) {
            std::uint64_t word;
            std::memcpy(&word, d + x, 8);
            if (word != 0) return x + lowest_set_byte(word);
            x += 8;
        }
    }

    // body(begin, end) for every run, left to right.
    template <class Body>
    void for_each(Body&& body) const {
        std::int64_t x = 0;
        while (x < n_) {
            const std::int64_t e = end_of(x);
            body(x, e);
            x = e;
        }
    }

  private:
    static int lowest_set_byte(std::uint64_t word) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        return __builtin_ctzll(word) >> 3;
#else
        unsigned char bytes[8];
        std::memcpy(bytes, &word, 8);
        int i = 0;
        while (bytes[i] == 0) ++i;
        return i;
#endif
    }

    std::int64_t n_ = 0;
    std::vector<std::uint8_t> starts_;
};

}  // namespace fewseg
