// Filling the holes of a 2-D binary image: background (zero) pixels that cannot reach the
// image border through background pixels become foreground. Connectivity 1 (edges) is
// scipy.ndimage.binary_fill_holes' default; connectivity 2 also steps across corners.
//
// One flood from the border over the background, on a copy framed by one pixel that
// counts as already reached: neighbours of an image pixel are then always inside the
// buffer, and the flood needs no bounds checks.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "fewseg/strided.hpp"

namespace fewseg {

// out (rows x cols, C order, 0/1): `image` (nonzero = foreground, any strides) with its holes filled.
template <class T>
void binary_fill_holes_2d(const StridedView<T>& image, int connectivity, std::uint8_t* out) {
    if (image.shape.size() != 2 || image.strides.size() != 2) throw std::invalid_argument("input: expected a 2-D array");
    if (connectivity != 1 && connectivity != 2) throw std::invalid_argument("connectivity: expected 1 or 2");
    const std::int64_t rows = image.shape[0], cols = image.shape[1];
    checked_size(image.shape);
    if (rows == 0 || cols == 0) return;
    enum : std::uint8_t { kForeground = 0, kBackground = 1, kReached = 2 };
    const std::int64_t width = cols + 2;
    std::vector<std::uint8_t> state(static_cast<std::size_t>((rows + 2) * width), kReached);
    for (std::int64_t y = 0; y < rows; ++y) {
        const char* src = image.data + y * image.strides[0];
        std::uint8_t* dst = state.data() + (y + 1) * width + 1;
        for (std::int64_t x = 0; x < cols; ++x)
            dst[x] = *reinterpret_cast<const T*>(src + x * image.strides[1]) != T(0) ? kForeground : kBackground;
    }
    std::vector<std::int64_t> pending;
    auto reach = [&](std::int64_t i) {
        if (state[i] == kBackground) {
            state[i] = kReached;
            pending.push_back(i);
        }
    };
    for (std::int64_t x = 1; x <= cols; ++x) {
        reach(width + x);
        reach(rows * width + x);
    }
    for (std::int64_t y = 1; y <= rows; ++y) {
        reach(y * width + 1);
        reach(y * width + cols);
    }
    std::vector<std::int64_t> steps{-width, -1, 1, width};
    if (connectivity == 2) steps.insert(steps.end(), {-width - 1, -width + 1, width - 1, width + 1});
    while (!pending.empty()) {
        const std::int64_t i = pending.back();
        pending.pop_back();
        for (const auto step : steps) reach(i + step);
    }
    for (std::int64_t y = 0; y < rows; ++y) {
        const std::uint8_t* src = state.data() + (y + 1) * width + 1;
        std::uint8_t* dst = out + y * cols;
        for (std::int64_t x = 0; x < cols; ++x) dst[x] = src[x] != kReached;
    }
}

}  // namespace fewseg
