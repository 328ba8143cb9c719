// Binding of cpp/include/fewseg/morphology.hpp. Arguments arrive validated by
// python/fewseg/morphology/gray.py (which pads the image and turns the footprint into
// runs); the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "array_views.hpp"
#include "fewseg/morphology.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;

namespace {

std::vector<fewseg::FootprintRun> runs_of(const py::array& runs) {
    if (!has_dtype<std::int64_t>(runs) || runs.ndim() != 2 || runs.shape(1) != 3)
        throw py::value_error("runs: expected an int64 array of shape (n, 3)");
    auto r = runs.unchecked<std::int64_t, 2>();
    std::vector<fewseg::FootprintRun> out(static_cast<std::size_t>(r.shape(0)));
    for (py::ssize_t i = 0; i < r.shape(0); ++i) out[i] = {r(i, 0), r(i, 1), r(i, 2)};
    return out;
}

template <class T>
py::array run(const py::array& padded, py::ssize_t rows, py::ssize_t cols,
              const std::vector<fewseg::FootprintRun>& runs, fewseg::Extremum which) {
    py::array_t<T> out({rows, cols});
    const T* src = static_cast<const T*>(padded.data());
    T* dst = out.mutable_data();
    const auto prow = padded.shape(0), pcol = padded.shape(1);
    {
        py::gil_scoped_release release;
        fewseg::flat_morphology_2d<T>(src, prow, pcol, rows, cols, runs, which, dst);
    }
    return out;
}

py::array flat_morphology(const py::array& padded, py::ssize_t rows, py::ssize_t cols,
                          const py::array& runs, bool maximum) {
    if (padded.ndim() != 2) throw py::value_error("padded: expected a 2-D array");
    if (rows < 0 || cols < 0) throw py::value_error("rows, cols: expected non-negative sizes");
    if (!(padded.flags() & py::array::c_style)) throw py::value_error("padded: expected a C-contiguous array");
    const auto footprint = runs_of(runs);
    const auto which = maximum ? fewseg::Extremum::maximum : fewseg::Extremum::minimum;
    if (has_dtype<std::uint8_t>(padded)) return run<std::uint8_t>(padded, rows, cols, footprint, which);
    if (has_dtype<std::uint16_t>(padded)) return run<std::uint16_t>(padded, rows, cols, footprint, which);
    if (has_dtype<float>(padded)) return run<float>(padded, rows, cols, footprint, which);
    if (has_dtype<double>(padded)) return run<double>(padded, rows, cols, footprint, which);
    throw py::type_error("padded: expected uint8, uint16, float32 or float64, got " +
                         py::str(padded.dtype()).cast<std::string>());
}

}  // namespace

void bind_morphology(py::module_& m) {
    m.def("flat_morphology", &flat_morphology, py::arg("padded"), py::arg("rows"), py::arg("cols"),
          py::arg("runs"), py::arg("maximum"),
          "Minimum (or maximum) of a padded 2-D image over footprint runs (see fewseg.morphology).");
}
