// Turning numpy arrays into kernel views without copying: any strides are accepted. The
// caller dispatches on the dtype first (has_dtype); nothing is ever cast here, Python
// copies on purpose where it must.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <string>

#include "fewseg/strided.hpp"

namespace fewseg::bindings {

namespace py = pybind11;

template <class T>
StridedView<T> view_of(const py::array& a) {
    StridedView<T> v;
    v.data = static_cast<const char*>(a.data());
    v.shape.assign(a.shape(), a.shape() + a.ndim());
    v.strides.assign(a.strides(), a.strides() + a.ndim());
    return v;
}

template <class T>
bool has_dtype(const py::array& a) {
    // Equality, not identity: unpickled arrays carry their own, equal, dtype objects.
    return py::dtype::of<T>().equal(a.dtype());
}

}  // namespace fewseg::bindings
