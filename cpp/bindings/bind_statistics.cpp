// Binding of cpp/include/fewseg/whitened_norms.hpp. Arguments arrive validated by
// python/fewseg/lesion/_mixture.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "array_views.hpp"
#include "fewseg/whitened_norms.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

template <class T>
py::array run(const py::array& x, const double* mean, const double* whiten) {
    py::array_t<double> out(x.shape(0));
    auto view = view_of<T>(x);
    double* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::whitened_squared_norms<T>(view, mean, whiten, dst);
    }
    return out;
}

py::array whitened_squared_norms(const py::array& x, const py::array_t<double, py::array::c_style>& mean,
                                 const py::array_t<double, py::array::c_style>& whiten) {
    if (x.ndim() != 2) throw py::value_error("x: expected a 2-D array");
    const auto d = x.shape(1);
    if (mean.ndim() != 1 || mean.shape(0) != d) throw py::value_error("mean: expected one value per column of x");
    if (whiten.ndim() != 2 || whiten.shape(0) != d || whiten.shape(1) != d)
        throw py::value_error("whiten: expected a square matrix of x's width");
    if (has_dtype<float>(x)) return run<float>(x, mean.data(), whiten.data());
    if (has_dtype<double>(x)) return run<double>(x, mean.data(), whiten.data());
    throw py::type_error("x: expected float32 or float64, got " + py::str(x.dtype()).cast<std::string>());
}

}  // namespace

void bind_statistics(py::module_& m) {
    m.def("whitened_squared_norms", &whitened_squared_norms, py::arg("x"), py::arg("mean"), py::arg("whiten"),
          "|(x_i - mean) @ whiten|^2 for every row of a 2-D float32/float64 array.");
}
