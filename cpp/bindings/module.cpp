// fewseg._core: the private extension module, assembled from one binding file per topic.
#include <pybind11/pybind11.h>

namespace py = pybind11;

void bind_watershed(py::module_& m);
void bind_contours(py::module_& m);
void bind_marching_squares(py::module_& m);
void bind_regionprops(py::module_& m);
void bind_morphology(py::module_& m);
void bind_resize(py::module_& m);
void bind_filters(py::module_& m);
void bind_binary(py::module_& m);
void bind_lesion(py::module_& m);

PYBIND11_MODULE(_core, m) {
    m.doc() = "fewseg's C++ kernels. Private: use the functions of the fewseg package.";
    bind_watershed(m);
    bind_contours(m);
    bind_marching_squares(m);
    bind_regionprops(m);
    bind_morphology(m);
    bind_resize(m);
    bind_filters(m);
    bind_binary(m);
    bind_lesion(m);
}
