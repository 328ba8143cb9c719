// What any exact flood of a float image costs at least, on this machine: the floor under
// the watershed benchmarks' float64 targets. Built and run by flood_floor.py, which says
// how to read the figures.
//
//   flood_floor <values.f64> <markers.i32> <rows> <columns> <repeats>
//
// Prints, best of <repeats>, in milliseconds:
//   visit-raster:  what a flood does per popped pixel and nothing else (test the four
//                  neighbours, and for each one still open: close it, write its label,
//                  read its value), with the pixels taken in raster order;
//   visit-flood:   the same with the pixels in the order the flood pops them, recorded
//                  beforehand: the memory cost of that order, with no queue at all;
//   sort-all:      every pixel's value put in order: a counting sort over the order
//                  keys' top bits, then each bucket sorted by insertion (what the
//                  flood's float queue does, here all at once);
//   sort-rising:   the same for the pixels the flood queues above the level it pops
//                  (the others join a FIFO at that level): the least ordering any
//                  exact queue does.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <queue>
#include <tuple>
#include <vector>

#include "fewseg/flood_queues.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class T>
std::vector<T> read_raw(const char* path, std::size_t count) {
    std::vector<T> out(count);
    std::ifstream in(path, std::ios::binary);
    if (!in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(count * sizeof(T)))) {
        std::fprintf(stderr, "cannot read %zu values from %s\n", count, path);
        std::exit(2);
    }
    return out;
}

template <class Work>
double best_ms(int repeats, Work work) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = Clock::now();
        work();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return best;
}

// The image padded by one pixel on each side, raveled: neighbours are fixed offsets.
struct Padded {
    std::int64_t rows, columns, stride;
    std::vector<double> values;
    std::vector<std::int32_t> markers;

    Padded(const std::vector<double>& v, const std::vector<std::int32_t>& m, std::int64_t r, std::int64_t c)
        : rows(r), columns(c), stride(c + 2), values((r + 2) * (c + 2), 0.0), markers((r + 2) * (c + 2), 0) {
        for (std::int64_t y = 0; y < r; ++y) {
            for (std::int64_t x = 0; x < c; ++x) {
                values[index(y, x)] = v[y * c + x];
                markers[index(y, x)] = m[y * c + x];
            }
        }
    }
    std::int64_t index(std::int64_t y, std::int64_t x) const { return (y + 1) * stride + x + 1; }
    std::int64_t size() const { return static_cast<std::int64_t>(values.size()); }
    std::vector<std::int64_t> interior() const {
        std::vector<std::int64_t> out;
        for (std::int64_t y = 0; y < rows; ++y)
            for (std::int64_t x = 0; x < columns; ++x) out.push_back(index(y, x));
        return out;
    }
};

// The flood, replayed in scikit-image's order: (value, age), the value raised to the
// popping pixel's. Which pixels it pops, in order, and which it queued above the level
// being popped.
struct Replay {
    std::vector<std::int64_t> order, rising;
};

Replay replay_flood(const Padded& image) {
    using Entry = std::tuple<double, std::int64_t, std::int64_t>;  // value, age, pixel
    std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
    std::vector<std::uint8_t> open(image.size(), 0);
    for (auto i : image.interior()) {
        open[i] = image.markers[i] == 0;
        if (!open[i]) queue.emplace(image.values[i], 0, i);
    }
    const std::int64_t offsets[4] = {-image.stride, -1, 1, image.stride};
    Replay out;
    std::int64_t age = 0;
    while (!queue.empty()) {
        const auto [value, entry_age, i] = queue.top();
        queue.pop();
        out.order.push_back(i);
        for (auto off : offsets) {
            if (!open[i + off]) continue;
            open[i + off] = 0;
            if (image.values[i + off] > value) out.rising.push_back(i + off);
            queue.emplace(std::max(image.values[i + off], value), ++age, i + off);
        }
    }
    return out;
}

double visit(const Padded& image, const std::vector<std::int64_t>& order, int repeats) {
    const std::int64_t offsets[4] = {-image.stride, -1, 1, image.stride};
    double best = 1e300, checksum = 0;
    for (int r = 0; r < repeats; ++r) {
        // Setting up the state is not timed: only the visit.
        std::vector<std::uint8_t> open(image.size(), 0);
        std::vector<std::int32_t> label(image.size(), 0);
        for (auto i : image.interior()) open[i] = 1;
        const auto start = Clock::now();
        for (auto i : order) {
            const std::int32_t l = label[i] + 1;
            for (auto off : offsets) {
                if (!open[i + off]) continue;
                open[i + off] = 0;
                label[i + off] = l;
                checksum += image.values[i + off];
            }
        }
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    if (checksum == -1) std::puts("");  // keeps the loop's reads
    return best;
}

struct Keyed {
    std::uint64_t key;
    std::uint32_t pixel;
};

double sort_buckets(const Padded& image, const std::vector<std::int64_t>& pixels, int repeats) {
    std::vector<Keyed> items;
    for (auto i : pixels) items.push_back({fewseg::order_key(image.values[i]), static_cast<std::uint32_t>(i)});
    if (items.empty()) return 0.0;
    return best_ms(repeats, [&] {
        std::uint64_t low = ~0ull, high = 0;
        for (const auto& it : items) {
            low = std::min(low, it.key);
            high = std::max(high, it.key);
        }
        int range_bits = 1;
        while (range_bits < 64 && ((high - low) >> range_bits) != 0) ++range_bits;
        const int shift = std::max(0, range_bits - 20);
        std::vector<std::uint32_t> end(static_cast<std::size_t>((high - low) >> shift) + 2, 0);
        for (const auto& it : items) ++end[((it.key - low) >> shift) + 1];
        for (std::size_t b = 1; b < end.size(); ++b) end[b] += end[b - 1];
        std::vector<Keyed> sorted(items.size());
        for (const auto& it : items) sorted[end[(it.key - low) >> shift]++] = it;
        std::uint32_t begin = 0;
        for (std::size_t b = 0; b + 1 < end.size(); ++b) {
            for (std::uint32_t i = begin + 1; i < end[b]; ++i) {
                const Keyed it = sorted[i];
                std::uint32_t j = i;
                for (; j > begin && it.key < sorted[j - 1].key; --j) sorted[j] = sorted[j - 1];
                sorted[j] = it;
            }
            begin = end[b];
        }
    });
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s values.f64 markers.i32 rows columns repeats\n", argv[0]);
        return 2;
    }
    const std::int64_t rows = std::atoll(argv[3]), columns = std::atoll(argv[4]);
    const int repeats = std::atoi(argv[5]);
    const auto count = static_cast<std::size_t>(rows * columns);
    const Padded image(read_raw<double>(argv[1], count), read_raw<std::int32_t>(argv[2], count), rows, columns);

    const Replay flood = replay_flood(image);
    std::printf("visit-raster %.2f\n", visit(image, image.interior(), repeats));
    std::printf("visit-flood %.2f\n", visit(image, flood.order, repeats));
    std::printf("sort-all %.2f\n", sort_buckets(image, image.interior(), repeats));
    std::printf("sort-rising %.2f\n", sort_buckets(image, flood.rising, repeats));
    return 0;
}
