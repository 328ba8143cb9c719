// Binding of cpp/include/fewseg/marching_squares.hpp. Arguments arrive validated by
// python/fewseg/measure/_marching_squares.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "array_views.hpp"
#include "fewseg/marching_squares.hpp"
#include "point_lists.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

template <class T>
fewseg::IsoContourList march(const py::array& image, double level, bool high_connected, bool reverse,
                             const std::optional<fewseg::StridedView<std::uint8_t>>& mask) {
    auto view = view_of<T>(image);
    py::gil_scoped_release release;
    return fewseg::marching_squares<T>(view, level, high_connected, reverse, mask ? &*mask : nullptr);
}

py::list marching_squares(const py::array& image, double level, bool high_connected, bool reverse,
                          const py::object& mask_or_none) {
    if (image.ndim() != 2) throw py::value_error("image: must be 2-D");
    std::optional<fewseg::StridedView<std::uint8_t>> mask_view;
    if (!mask_or_none.is_none()) {
        if (!py::isinstance<py::array>(mask_or_none)) throw py::type_error("mask: expected a uint8 array or None");
        const auto mask = mask_or_none.cast<py::array>();
        if (!has_dtype<std::uint8_t>(mask)) throw py::type_error("mask: expected uint8 (a bool array's view)");
        if (mask.ndim() != 2 || mask.shape(0) != image.shape(0) || mask.shape(1) != image.shape(1))
            throw py::value_error("mask: must have the image's shape");
        mask_view = view_of<std::uint8_t>(mask);
    }
    fewseg::IsoContourList found;
    if (has_dtype<std::uint8_t>(image)) found = march<std::uint8_t>(image, level, high_connected, reverse, mask_view);
    else if (has_dtype<std::uint16_t>(image)) found = march<std::uint16_t>(image, level, high_connected, reverse, mask_view);
    else if (has_dtype<float>(image)) found = march<float>(image, level, high_connected, reverse, mask_view);
    else if (has_dtype<double>(image)) found = march<double>(image, level, high_connected, reverse, mask_view);
    else
        throw py::type_error("image: expected uint8, uint16, float32 or float64, got " +
                             py::str(image.dtype()).cast<std::string>());
    return fewseg::bindings::point_list_views(std::move(found.points), found.offsets);
}

}  // namespace

void bind_marching_squares(py::module_& m) {
    m.def("marching_squares", &marching_squares, py::arg("image"), py::arg("level"), py::arg("high_connected"),
          py::arg("reverse"), py::arg("mask") = py::none(),
          "scikit-image's marching squares (see fewseg.find_contours): list of (K, 2) float64 "
          "(row, col) arrays.");
}
