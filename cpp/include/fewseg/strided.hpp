// Strided n-D array views and the copy into a zero-padded C-order buffer that every
// flooding kernel starts from. Accepting any strides (Fortran order, negative strides,
// slices) here is what lets the bindings pass numpy arrays through without copying.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <vector>

namespace fewseg {

// A read-only view of an n-D array: strides are in bytes, as numpy reports them.
template <class T>
struct StridedView {
    const char* data = nullptr;
    std::vector<std::int64_t> shape;
    std::vector<std::int64_t> strides;

    std::int64_t size() const {
        std::int64_t n = 1;
        for (auto s : shape) n *= s;
        return n;
    }
};

// Product of dims, refusing sizes whose raveled indices would overflow int64.
inline std::int64_t checked_size(const std::vector<std::int64_t>& shape) {
    std::int64_t n = 1;
    for (auto s : shape) {
        if (s < 0) throw std::invalid_argument("negative dimension");
        if (s != 0 && n > std::numeric_limits<std::int64_t>::max() / 4 / s)
            throw std::invalid_argument("array too large to index");
        n *= s;
    }
    return n;
}

// C-order element strides of a shape.
inline std::vector<std::int64_t> c_strides(const std::vector<std::int64_t>& shape) {
    std::vector<std::int64_t> st(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;) st[d - 1] = st[d] * shape[d];
    return st;
}

// Calls body(src_pointer, dst_index) for every element of `src`, in raster order, where
// dst_index is the element's position in a C-order buffer of shape `src.shape + 2 * pad`
// shifted by `pad` on every axis.
template <class T, class Body>
void for_each_padded(const StridedView<T>& src, const std::vector<std::int64_t>& pad,
                     Body&& body) {
    const std::size_t ndim = src.shape.size();
    if (src.size() == 0) return;
    std::vector<std::int64_t> padded(ndim);
    for (std::size_t d = 0; d < ndim; ++d) padded[d] = src.shape[d] + 2 * pad[d];
    const auto dst_strides = c_strides(padded);

    std::vector<std::int64_t> idx(ndim, 0);
    const std::int64_t inner = src.shape[ndim - 1];
    const std::int64_t inner_stride = src.strides[ndim - 1];
    while (true) {
        const char* s = src.data;
        std::int64_t dst = 0;
        for (std::size_t d = 0; d < ndim; ++d) {
            s += idx[d] * src.strides[d];
            dst += (idx[d] + pad[d]) * dst_strides[d];
        }
        for (std::int64_t i = 0; i < inner; ++i, s += inner_stride, ++dst) body(s, dst);
        // Odometer over every axis but the last.
        std::size_t d = ndim - 1;
        while (d > 0) {
            --d;
            if (++idx[d] < src.shape[d]) break;
            idx[d] = 0;
            if (d == 0) return;
        }
        if (ndim == 1) return;
    }
}

// Fills the C-ordered array `out` of `shape` with value_at(i), i being each element's index
// in the buffer padded by `pad` that for_each_padded fills: the way back from it.
template <class T, class ValueAt>
void write_unpadded(T* out, const std::vector<std::int64_t>& shape, const std::vector<std::int64_t>& pad,
                    ValueAt&& value_at) {
    StridedView<T> view;
    view.data = reinterpret_cast<const char*>(out);
    view.shape = shape;
    view.strides = c_strides(shape);
    for (auto& s : view.strides) s *= static_cast<std::int64_t>(sizeof(T));
    // The view is read-only by type; `out` is the caller's to write.
    for_each_padded(view, pad, [&](const char* p, std::int64_t i) {
        *reinterpret_cast<T*>(const_cast<char*>(p)) = value_at(i);
    });
}

}  // namespace fewseg
