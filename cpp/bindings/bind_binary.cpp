// Binding of cpp/include/fewseg/{distance_transform,fill_holes}.hpp. Arguments arrive
// validated by python/fewseg/morphology/{distance,binary}.py (which turn other dtypes
// into bool on purpose); the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <string>

#include "array_views.hpp"
#include "fewseg/distance_transform.hpp"
#include "fewseg/fill_holes.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

// bool and uint8 share one byte per pixel: both are read as "nonzero is foreground".
fewseg::StridedView<std::uint8_t> binary_view(const py::array& input) {
    if (input.ndim() != 2) throw py::value_error("input: expected a 2-D array");
    if (!has_dtype<bool>(input) && !has_dtype<std::uint8_t>(input))
        throw py::type_error("input: expected bool or uint8, got " + py::str(input.dtype()).cast<std::string>());
    return view_of<std::uint8_t>(input);
}

py::array distance_transform_edt(const py::array& input) {
    auto view = binary_view(input);
    py::array_t<double> out({input.shape(0), input.shape(1)});
    double* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::distance_transform_edt_2d<std::uint8_t>(view, dst);
    }
    return out;
}

py::array binary_fill_holes(const py::array& input, int connectivity) {
    auto view = binary_view(input);
    py::array_t<bool> out({input.shape(0), input.shape(1)});
    auto* dst = reinterpret_cast<std::uint8_t*>(out.mutable_data());
    {
        py::gil_scoped_release release;
        fewseg::binary_fill_holes_2d<std::uint8_t>(view, connectivity, dst);
    }
    return out;
}

}  // namespace

void bind_binary(py::module_& m) {
    m.def("distance_transform_edt", &distance_transform_edt, py::arg("input"),
          "Exact Euclidean distance of every nonzero pixel of a 2-D bool/uint8 image to the nearest zero.");
    m.def("binary_fill_holes", &binary_fill_holes, py::arg("input"), py::arg("connectivity"),
          "Holes of a 2-D bool/uint8 image filled, with 1- or 2-connected background.");
}
