// Bindings of cpp/include/fewseg/contours.hpp and label_contours.hpp. Arguments arrive
// validated by python/fewseg/measure/_contours.py; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "array_views.hpp"
#include "point_lists.hpp"
#include "fewseg/contours.hpp"
#include "fewseg/label_contours.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;

namespace {

py::list contour_views(fewseg::ContourList& found) {
    return fewseg::bindings::point_list_views(std::move(found.points), found.offsets);
}

py::array_t<std::int32_t> hierarchy_array(const fewseg::ContourList& found) {
    const auto n = static_cast<py::ssize_t>(found.size());
    py::array_t<std::int32_t> h({n, py::ssize_t(4)});
    if (n > 0) std::copy(found.hierarchy.begin(), found.hierarchy.end(), h.mutable_data());
    return h;
}

template <class T>
fewseg::ContourList trace(const py::array& image, fewseg::RetrievalMode mode, fewseg::ChainApprox approx) {
    auto view = view_of<T>(image);
    py::gil_scoped_release release;
    return fewseg::trace_contours<T>(view, mode, approx);
}

py::tuple trace_contours(const py::array& image, int mode, bool simple) {
    if (image.ndim() != 2) throw py::value_error("image: must be 2-D");
    if (mode < 0 || mode > 3) throw py::value_error("mode: unknown retrieval mode");
    const auto m = static_cast<fewseg::RetrievalMode>(mode);
    const auto a = simple ? fewseg::ChainApprox::simple : fewseg::ChainApprox::none;
    fewseg::ContourList found;
    if (has_dtype<std::uint8_t>(image)) found = trace<std::uint8_t>(image, m, a);
    else if (has_dtype<std::uint16_t>(image)) found = trace<std::uint16_t>(image, m, a);
    else if (has_dtype<std::int32_t>(image)) found = trace<std::int32_t>(image, m, a);
    else if (has_dtype<std::int64_t>(image)) found = trace<std::int64_t>(image, m, a);
    else if (has_dtype<float>(image)) found = trace<float>(image, m, a);
    else if (has_dtype<double>(image)) found = trace<double>(image, m, a);
    else
        throw py::type_error("image: expected uint8, uint16, int32, int64, float32 or float64, got " +
                             py::str(image.dtype()).cast<std::string>());
    py::array_t<std::int32_t> hierarchy = hierarchy_array(found);
    return py::make_tuple(contour_views(found), hierarchy);
}

template <class Label>
py::tuple trace_labels(const py::array& label_image, bool simple) {
    auto view = view_of<Label>(label_image);
    fewseg::LabelContours found;
    {
        py::gil_scoped_release release;
        const auto dense = fewseg::DenseLabels::from(view);
        found = fewseg::label_outer_contours(dense, simple ? fewseg::ChainApprox::simple
                                                           : fewseg::ChainApprox::none);
    }
    py::array_t<std::int64_t> labels(static_cast<py::ssize_t>(found.labels.size()));
    std::copy(found.labels.begin(), found.labels.end(), labels.mutable_data());
    return py::make_tuple(contour_views(found.contours), labels);
}

py::tuple label_contours(const py::array& label_image, bool simple) {
    if (label_image.ndim() != 2) throw py::value_error("label_image: must be 2-D");
    if (has_dtype<std::int32_t>(label_image)) return trace_labels<std::int32_t>(label_image, simple);
    if (has_dtype<std::int64_t>(label_image)) return trace_labels<std::int64_t>(label_image, simple);
    throw py::type_error("label_image: expected int32 or int64, got " +
                         py::str(label_image.dtype()).cast<std::string>());
}

}  // namespace

void bind_contours(py::module_& m) {
    m.def("trace_contours", &trace_contours, py::arg("image"), py::arg("mode"), py::arg("simple"),
          "Suzuki-Abe contours of the nonzero pixels (see fewseg.trace_contours): "
          "(list of (K, 2) int32 (row, col) arrays, (N, 4) int32 hierarchy).");
    m.def("label_contours", &label_contours, py::arg("label_image"), py::arg("simple"),
          "Outer contours of every label in one scan (see fewseg.label_contours): "
          "(list of (K, 2) int32 arrays, int64 label of each).");
}
