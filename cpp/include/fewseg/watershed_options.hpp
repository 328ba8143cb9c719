// The options of fewseg::watershed (watershed.hpp), shared by its two floods: the plain
// one (watershed_plain.hpp) and the one with watershed lines or compactness.
#pragma once

#include <cstdint>
#include <vector>

namespace fewseg {

// How seeds of equal value but different labels are ordered: as scikit-image's heap pops
// them, or in raster order (faster; the same labels wherever no such seeds compete).
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

}  // namespace fewseg
