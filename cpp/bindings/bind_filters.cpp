// Binding of cpp/include/fewseg/gaussian.hpp. Arguments arrive validated by
// python/fewseg/filters/gaussian.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "array_views.hpp"
#include "fewseg/gaussian.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

std::vector<py::ssize_t> shape_of(const py::array& a) { return {a.shape(), a.shape() + a.ndim()}; }

template <class T>
py::array smooth(const py::array& input, const fewseg::GaussianKernel& rows, const fewseg::GaussianKernel& cols) {
    py::array_t<T> out(shape_of(input));
    auto view = view_of<T>(input);
    T* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::gaussian_filter_2d<T>(view, rows, cols, dst);
    }
    return out;
}

py::array gaussian_filter(const py::array& input, double sigma_rows, double sigma_cols, int order_rows,
                          int order_cols, double truncate) {
    if (input.ndim() != 2 && input.ndim() != 3) throw py::value_error("input: expected a 2-D or 3-D array");
    const auto rows = fewseg::gaussian_kernel(sigma_rows, order_rows, truncate);
    const auto cols = fewseg::gaussian_kernel(sigma_cols, order_cols, truncate);
    if (has_dtype<float>(input)) return smooth<float>(input, rows, cols);
    if (has_dtype<double>(input)) return smooth<double>(input, rows, cols);
    throw py::type_error("input: expected float32 or float64, got " + py::str(input.dtype()).cast<std::string>());
}

template <class T>
py::array magnitude(const py::array& input, double sigma_rows, double sigma_cols, double truncate) {
    py::array_t<T> out(shape_of(input));
    auto view = view_of<T>(input);
    T* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::gaussian_gradient_magnitude_2d<T>(view, sigma_rows, sigma_cols, truncate, dst);
    }
    return out;
}

py::array gaussian_gradient_magnitude(const py::array& input, double sigma_rows, double sigma_cols, double truncate) {
    if (input.ndim() != 2) throw py::value_error("input: expected a 2-D array");
    fewseg::gaussian_kernel(sigma_rows, 1, truncate);  // argument errors before any work
    fewseg::gaussian_kernel(sigma_cols, 1, truncate);
    if (has_dtype<float>(input)) return magnitude<float>(input, sigma_rows, sigma_cols, truncate);
    if (has_dtype<double>(input)) return magnitude<double>(input, sigma_rows, sigma_cols, truncate);
    throw py::type_error("input: expected float32 or float64, got " + py::str(input.dtype()).cast<std::string>());
}

}  // namespace

void bind_filters(py::module_& m) {
    m.def("gaussian_filter", &gaussian_filter, py::arg("input"), py::arg("sigma_rows"), py::arg("sigma_cols"),
          py::arg("order_rows"), py::arg("order_cols"), py::arg("truncate"),
          "Gaussian filter (or derivative) along the first two axes of a float image (see fewseg.filters).");
    m.def("gaussian_gradient_magnitude", &gaussian_gradient_magnitude, py::arg("input"), py::arg("sigma_rows"),
          py::arg("sigma_cols"), py::arg("truncate"),
          "Gradient magnitude of a 2-D float image with Gaussian derivatives (see fewseg.filters).");
}
