// Binding of the lesion pipeline's kernels: cpp/include/fewseg/whitened_norms.hpp (the
// colour model) and vignetting.hpp. Arguments arrive validated by
// python/fewseg/lesion/segmentation/ (_mixture.py, _illumination.py); the checks here only
// keep the process safe. Also the table of the six dermoscopic colours (color.hpp), so that
// Python's lesion features use the one the region measurements use.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "array_views.hpp"
#include "fewseg/color.hpp"
#include "fewseg/vignetting.hpp"
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

py::array ring_gains(const py::array& rgb, const py::array& inside, double centre_row, double centre_col,
                     double percentile, int rings, int levels) {
    if (rgb.ndim() != 3 || !has_dtype<float>(rgb)) throw py::value_error("rgb: expected a float32 (rows, cols, channels) array");
    if (inside.ndim() != 2 || inside.shape(0) != rgb.shape(0) || inside.shape(1) != rgb.shape(1))
        throw py::value_error("inside: expected the (rows, cols) of rgb");
    if (!has_dtype<bool>(inside) && !has_dtype<std::uint8_t>(inside))
        throw py::type_error("inside: expected bool or uint8, got " + py::str(inside.dtype()).cast<std::string>());
    fewseg::RingProfileOptions options{centre_row, centre_col, percentile, rings, levels};
    py::array_t<float> out({rgb.shape(0), rgb.shape(1), rgb.shape(2)});
    auto colours = view_of<float>(rgb);
    auto field = view_of<std::uint8_t>(inside);
    float* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::ring_gains(colours, field, options, dst);
    }
    return out;
}

// (names, sRGB in [0, 1] as a (6, 3) float64 array), in the order of the palette's indices.
py::tuple dermoscopic_colours() {
    namespace color = fewseg::color;
    py::tuple names(color::kDermoscopicColours);
    py::array_t<double> rgb({color::kDermoscopicColours, 3});
    auto out = rgb.mutable_unchecked<2>();
    for (int k = 0; k < color::kDermoscopicColours; ++k) {
        names[k] = py::str(color::kDermoscopicNames[k]);
        for (int c = 0; c < 3; ++c) out(k, c) = color::kDermoscopicRgb[k][c];
    }
    return py::make_tuple(names, rgb);
}

}  // namespace

void bind_lesion(py::module_& m) {
    m.def("whitened_squared_norms", &whitened_squared_norms, py::arg("x"), py::arg("mean"), py::arg("whiten"),
          "|(x_i - mean) @ whiten|^2 for every row of a 2-D float32/float64 array.");
    m.def("ring_gains", &ring_gains, py::arg("rgb"), py::arg("inside"), py::arg("centre_row"), py::arg("centre_col"),
          py::arg("percentile"), py::arg("rings"), py::arg("levels"),
          "Per-pixel gains of the vignetting profile (ring percentiles around a centre).");
    m.def("dermoscopic_colours", &dermoscopic_colours,
          "The six dermoscopic colours: (names, their sRGB values in [0, 1] as a (6, 3) array).");
}
