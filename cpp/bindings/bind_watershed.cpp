// Binding of cpp/include/fewseg/watershed.hpp. Arguments arrive validated by
// python/fewseg/segmentation/watershed.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <vector>

#include "array_views.hpp"
#include "fewseg/watershed.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

template <class Value, class Label>
py::array run(const py::array& image, const py::array& markers,
              const std::optional<py::array>& mask, const fewseg::WatershedOptions& opt) {
    auto img = view_of<Value>(image);
    auto mk = view_of<Label>(markers);
    std::optional<fewseg::StridedView<std::uint8_t>> mv;
    if (mask) mv = view_of<std::uint8_t>(*mask);
    py::array_t<Label> out(std::vector<py::ssize_t>(image.shape(), image.shape() + image.ndim()));
    Label* dst = out.mutable_data();
    {
        py::gil_scoped_release release;
        fewseg::watershed<Value, Label>(img, mk, mv ? &*mv : nullptr, opt, dst);
    }
    return out;
}

template <class Value>
py::array run_for_labels(const py::array& image, const py::array& markers,
                         const std::optional<py::array>& mask, const fewseg::WatershedOptions& opt) {
    if (has_dtype<std::int32_t>(markers)) return run<Value, std::int32_t>(image, markers, mask, opt);
    if (has_dtype<std::int64_t>(markers)) return run<Value, std::int64_t>(image, markers, mask, opt);
    throw py::type_error("markers: expected int32 or int64, got " + py::str(markers.dtype()).cast<std::string>());
}

py::array watershed(const py::array& image, const py::array& markers, const std::optional<py::array>& mask,
                    std::vector<std::int64_t> pad, std::vector<std::int64_t> neighbours,
                    double compactness, bool watershed_line, bool raster) {
    if (image.ndim() < 1) throw py::value_error("image: must have at least one axis");
    if (mask && mask->dtype().itemsize() != 1) throw py::type_error("mask: expected bool or uint8");
    fewseg::WatershedOptions opt;
    opt.pad = std::move(pad);
    opt.neighbours = std::move(neighbours);
    opt.compactness = compactness;
    opt.watershed_line = watershed_line;
    opt.tie_break = raster ? fewseg::TieBreak::raster : fewseg::TieBreak::skimage;
    if (has_dtype<std::uint8_t>(image)) return run_for_labels<std::uint8_t>(image, markers, mask, opt);
    if (has_dtype<std::uint16_t>(image)) return run_for_labels<std::uint16_t>(image, markers, mask, opt);
    if (has_dtype<float>(image)) return run_for_labels<float>(image, markers, mask, opt);
    if (has_dtype<double>(image)) return run_for_labels<double>(image, markers, mask, opt);
    throw py::type_error("image: expected uint8, uint16, float32 or float64, got " +
                         py::str(image.dtype()).cast<std::string>());
}

}  // namespace

void bind_watershed(py::module_& m) {
    m.def("watershed", &watershed, py::arg("image"), py::arg("markers"), py::arg("mask"),
          py::arg("pad"), py::arg("neighbours"), py::arg("compactness"), py::arg("watershed_line"),
          py::arg("raster"),
          "Flood `image` from `markers` (see fewseg.watershed). Returns labels of the markers' dtype.");
}
