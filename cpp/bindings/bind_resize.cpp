// Binding of cpp/include/fewseg/resize.hpp. Arguments arrive validated by
// python/fewseg/transform/resize.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "array_views.hpp"
#include "fewseg/resize.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

// float64 images stay float64; the compiled integer and float32 images give float32.
template <class In, class Out>
py::array run(const py::array& image, const fewseg::AxisWeights& rows, const fewseg::AxisWeights& cols) {
    std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(rows.first.size() - 1),
                                   static_cast<py::ssize_t>(cols.first.size() - 1)};
    if (image.ndim() == 3) shape.push_back(image.shape(2));
    py::array_t<Out> out(shape);
    auto view = view_of<In>(image);
    Out* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::resample_separable<In, Out>(view, rows, cols, dst);
    }
    return out;
}

py::array resize(const py::array& image, std::int64_t out_rows, std::int64_t out_cols, const std::string& method) {
    if (image.ndim() != 2 && image.ndim() != 3) throw py::value_error("image: expected a 2-D or 3-D array");
    fewseg::AxisWeights rows, cols;
    if (method == "area") {
        rows = fewseg::area_weights(image.shape(0), out_rows);
        cols = fewseg::area_weights(image.shape(1), out_cols);
    } else if (method == "bilinear") {
        rows = fewseg::bilinear_weights(image.shape(0), out_rows);
        cols = fewseg::bilinear_weights(image.shape(1), out_cols);
    } else {
        throw py::value_error("method: expected 'area' or 'bilinear', got '" + method + "'");
    }
    if (has_dtype<std::uint8_t>(image)) return run<std::uint8_t, float>(image, rows, cols);
    if (has_dtype<std::uint16_t>(image)) return run<std::uint16_t, float>(image, rows, cols);
    if (has_dtype<float>(image)) return run<float, float>(image, rows, cols);
    if (has_dtype<double>(image)) return run<double, double>(image, rows, cols);
    throw py::type_error("image: expected uint8, uint16, float32 or float64, got " +
                         py::str(image.dtype()).cast<std::string>());
}

}  // namespace

void bind_resize(py::module_& m) {
    m.def("resize", &resize, py::arg("image"), py::arg("out_rows"), py::arg("out_cols"), py::arg("method"),
          "Resample a (rows, cols[, channels]) image by area averaging or bilinear interpolation.");
}
