// Where the watershed floods work: a copy of the image padded by the footprint offset on
// every side (the padding outside the mask), so that raveled neighbour offsets are the
// same for every pixel, as in scikit-image; and buffers with a guard band beyond the
// padding, so that every neighbour of every pixel is inside them and the hot loops need
// no bounds checks. Shared by both floods (watershed.hpp, watershed_plain.hpp).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <vector>

#include "fewseg/large_buffer.hpp"
#include "fewseg/strided.hpp"

namespace fewseg::detail {

// A buffer whose valid indices run from -guard to size + guard - 1.
template <class T>
class Guarded {
  public:
    void assign(std::int64_t size, std::int64_t guard, T fill) {
        const auto n = static_cast<std::size_t>(size + 2 * guard);
        buffer_ = allocate_large<T>(n);
        std::fill(buffer_.get(), buffer_.get() + n, fill);
        origin_ = buffer_.get() + guard;
    }
    // Zeros from fresh pages: only the pages touched are ever faulted in.
    void assign_zeroed(std::int64_t size, std::int64_t guard) {
        void* p = std::calloc(static_cast<std::size_t>(size + 2 * guard), sizeof(T));
        if (p == nullptr) throw std::bad_alloc();
        buffer_.reset(static_cast<T*>(p));
        origin_ = buffer_.get() + guard;
    }
    T& operator[](std::int64_t i) { return origin_[i]; }
    const T& operator[](std::int64_t i) const { return origin_[i]; }
    T* data() { return origin_; }

  private:
    LargeBuffer<T> buffer_;
    T* origin_ = nullptr;
};

// The flood's checked geometry: padded size and strides, neighbour reach.
struct FloodGeometry {
    std::int64_t total = 0;
    std::int64_t guard = 0;
    std::int64_t first_offset = 0, last_offset = 0;  // neighbours span [first, last]
    std::vector<std::int64_t> strides;

    FloodGeometry(const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& pad,
                  const std::vector<std::int64_t>& neighbours) {
        const std::size_t ndim = shape.size();
        if (pad.size() != ndim) throw std::invalid_argument("pad must have one entry per axis");
        std::vector<std::int64_t> padded(ndim);
        for (std::size_t d = 0; d < ndim; ++d) {
            if (pad[d] < 0 || pad[d] > (std::int64_t(1) << 40)) throw std::invalid_argument("pad out of range");
            padded[d] = shape[d] + 2 * pad[d];
        }
        total = checked_size(padded);
        strides = c_strides(padded);
        for (auto off : neighbours) {
            if (off > total || -off > total) throw std::invalid_argument("neighbour offset out of range");
            guard = std::max(guard, off < 0 ? -off : off);
            first_offset = std::min(first_offset, off);
            last_offset = std::max(last_offset, off);
        }
    }
};

}  // namespace fewseg::detail
