// Contours handed to Python: one (total, 2) array owns every point, and each contour is a
// (K, 2) view of its rows, so a result of many contours costs one allocation and no copy.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <utility>
#include <vector>

namespace fewseg::bindings {

namespace py = pybind11;

// `points` holds (row, col) pairs back to back; contour i is pairs [offsets[i], offsets[i+1]).
template <class T>
py::list point_list_views(std::vector<T>&& points, const std::vector<std::int64_t>& offsets) {
    const auto total = static_cast<py::ssize_t>(points.size() / 2);
    auto* storage = new std::vector<T>(std::move(points));
    py::capsule owner(storage, [](void* p) { delete static_cast<std::vector<T>*>(p); });
    py::array_t<T> all({total, py::ssize_t(2)}, storage->data(), owner);
    const std::size_t count = offsets.empty() ? 0 : offsets.size() - 1;
    py::list out(count);
    const py::ssize_t row_bytes = 2 * sizeof(T);
    for (std::size_t i = 0; i < count; ++i) {
        const auto begin = static_cast<py::ssize_t>(offsets[i]);
        const auto size = static_cast<py::ssize_t>(offsets[i + 1]) - begin;
        py::array_t<T> view({size, py::ssize_t(2)}, {row_bytes, py::ssize_t(sizeof(T))},
                            storage->data() + 2 * begin, all);
        out[i] = std::move(view);
    }
    return out;
}

}  // namespace fewseg::bindings
