// Binding of the per-label kernels behind fewseg.regionprops_table, run as region_plan.hpp
// plans them: dense_labels.hpp, region_moments.hpp, convex_features.hpp,
// region_neighbourhoods.hpp, label_contours.hpp + contour_features.hpp, intensity_stats.hpp,
// label_quantiles.hpp, shape_descriptors.hpp, color_descriptors.hpp. Arguments arrive
// validated by python/fewseg/measure/_regionprops.py, which turns these raw measurements
// into scikit-image's columns; the checks here only keep the process safe.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <type_traits>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "array_views.hpp"
#include "fewseg/color_descriptors.hpp"
#include "fewseg/contour_features.hpp"
#include "fewseg/convex_features.hpp"
#include "fewseg/dense_labels.hpp"
#include "fewseg/intensity_stats.hpp"
#include "fewseg/label_quantiles.hpp"
#include "fewseg/label_contours.hpp"
#include "fewseg/parallel.hpp"
#include "fewseg/region_moments.hpp"
#include "fewseg/region_neighbourhoods.hpp"
#include "fewseg/region_plan.hpp"
#include "fewseg/shape_descriptors.hpp"

namespace py = pybind11;
using fewseg::bindings::has_dtype;
using fewseg::bindings::view_of;
using fewseg::region_plan::Group;
using fewseg::region_plan::Plan;
using fewseg::region_plan::Step;

namespace {

// The intensity image's view, typed while the GIL is still held.
using IntensityView = std::variant<std::monostate, fewseg::StridedView<std::uint8_t>,
                                   fewseg::StridedView<std::uint16_t>, fewseg::StridedView<float>,
                                   fewseg::StridedView<double>>;

struct Request {
    fewseg::region_plan::GroupSet groups;
    double row_spacing = 1.0, col_spacing = 1.0;
    std::vector<double> quantiles;
    int threads = 1;
    Plan plan;
};

// Everything measured, as plain vectors: filled without the GIL, turned into arrays after.
struct Measurements {
    std::vector<std::pair<std::string, std::vector<double>>> floats;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> ints;
    std::vector<std::pair<std::string, std::vector<py::ssize_t>>> shapes;  // trailing shape per key
    std::int64_t n = 0;

    void put(const std::string& key, std::vector<double> v, std::vector<py::ssize_t> tail = {}) {
        floats.emplace_back(key, std::move(v));
        shapes.emplace_back(key, std::move(tail));
    }
    void put(const std::string& key, std::vector<std::int64_t> v, std::vector<py::ssize_t> tail = {}) {
        ints.emplace_back(key, std::move(v));
        shapes.emplace_back(key, std::move(tail));
    }
};

// Each planned task is one job writing its own entries; jobs run on up to want.threads
// threads and their entries are stored in task order afterwards.
using Job = std::function<void(Measurements&)>;

template <class T>
Job intensity_job(Step step, const fewseg::DenseLabels& labels, const fewseg::RegionMoments& m,
                  const fewseg::StridedView<T>& image, const Request& want) {
    const auto channels = static_cast<py::ssize_t>(image.shape.size() == 3 ? image.shape[2] : 1);
    if (step == Step::median)
        return [&, channels](Measurements& out) {
            const fewseg::PixelReader<T> px(image);
            std::vector<double> medians(m.count.size() * channels), values;
            std::vector<std::int64_t> offsets;
            for (py::ssize_t ch = 0; ch < channels; ++ch) {
                fewseg::group_by_label(
                    labels, m.count, [&](std::int64_t r, std::int64_t c) { return static_cast<double>(px(r, c, ch)); },
                    offsets, values);
                for (std::size_t i = 0; i < m.count.size(); ++i)
                    medians[i * channels + ch] = fewseg::median(values, static_cast<std::size_t>(offsets[i]),
                                                                static_cast<std::size_t>(m.count[i]));
            }
            out.put("intensity_median", std::move(medians), {channels});
        };
    if (step == Step::sharpness)
        return [&](Measurements& out) {
            out.put("border_sharpness",
                    fewseg::border_sharpness<T>(labels, image, want.row_spacing, want.col_spacing));
        };
    return [&](Measurements& out) {  // Step::colour
        auto c = fewseg::colour_stats<T>(labels, image, m.count, want.quantiles);
        const auto nq = static_cast<py::ssize_t>(want.quantiles.size());
        out.put("rgb_mean", std::move(c.rgb_mean), {3});
        out.put("rgb_std", std::move(c.rgb_std), {3});
        out.put("rgb_percentiles", std::move(c.rgb_quantiles), {nq, 3});
        out.put("lab_mean", std::move(c.lab_mean), {3});
        out.put("lab_std", std::move(c.lab_std), {3});
        out.put("lab_percentiles", std::move(c.lab_quantiles), {nq, 3});
        out.put("palette_fractions", std::move(c.palette_fractions), {fewseg::color::kDermoscopicColours});
    };
}

// What the first pass leaves for later requests on the same label image.
struct DensePass {
    fewseg::DenseLabels labels;
    fewseg::RegionMoments m;
};

// The per-run accumulators of the plan, one per block of rows.
template <class T>
struct RunSums {
    std::vector<fewseg::IntensityRunSums<T>> sums;
    std::vector<fewseg::RowExtents> extents;

    RunSums(const fewseg::StridedView<T>* image, const Plan& plan) : extents(plan.row_extents ? Plan::kPassBlocks : 0) {
        if (image != nullptr && plan.intensity_sums)
            for (int b = 0; b < Plan::kPassBlocks; ++b) sums.emplace_back(*image);
    }
    bool empty() const { return sums.empty() && extents.empty(); }
    void add(int block, std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
        if (!sums.empty()) sums[block].add(r, b, e, id);
        if (!extents.empty()) extents[block].add(r, b, e, id);
    }
    void merge() {
        for (std::size_t b = 1; b < sums.size(); ++b) sums[0].merge(sums[b]);
        for (std::size_t b = 1; b < extents.size(); ++b) extents[0].merge(extents[b]);
    }
};

// The intensity sums, then the plan's tasks as independent jobs on the dense labels.
template <class T>
void measure_planned(const DensePass& pass, const fewseg::StridedView<T>* image, const Request& want,
                     RunSums<T>& run_sums, Measurements& out) {
    const Plan& plan = want.plan;
    const auto& labels = pass.labels;
    const auto& m = pass.m;
    run_sums.merge();
    if (!run_sums.sums.empty()) {
        const auto channels = static_cast<py::ssize_t>(image->shape.size() == 3 ? image->shape[2] : 1);
        auto st = run_sums.sums[0].finish(m.count);
        out.put("intensity_min", std::move(st.min), {channels});
        out.put("intensity_max", std::move(st.max), {channels});
        out.put("intensity_mean", std::move(st.mean), {channels});
        out.put("intensity_std", std::move(st.std), {channels});
    }

    auto& extents = run_sums.extents;
    std::vector<fewseg::NeighbourhoodCounts> neighbourhoods;
    for (const auto& task : plan.tasks)
        if (task.step == Step::neighbourhood_counts)
            neighbourhoods.resize(std::max<std::size_t>(neighbourhoods.size(), task.block + 1));
    std::vector<Job> jobs;
    for (const auto& task : plan.tasks) {
        switch (task.step) {
            case Step::convex_features:
                jobs.push_back([&](Measurements& o) {
                    extents[0].finish(labels.count());
                    auto f = fewseg::convex_features(extents[0], m.bbox, want.row_spacing, want.col_spacing);
                    o.put("convex_count", std::move(f.convex_area));
                    o.put("feret_diameter_max", std::move(f.feret_diameter));
                });
                break;
            case Step::neighbourhood_counts:
                jobs.push_back([&, task](Measurements&) {
                    neighbourhoods[task.block] = fewseg::neighbourhood_counts(labels, plan.border_codes, plan.quads,
                                                                              task.first_row, task.end_row);
                });
                break;
            case Step::asymmetry:
                jobs.push_back([&](Measurements& o) { o.put("asymmetry", fewseg::asymmetry(labels, m), {2}); });
                break;
            case Step::outer_contours:
                jobs.push_back([&](Measurements& o) {
                    const auto outer = fewseg::label_outer_contours(labels, fewseg::ChainApprox::none);
                    if (plan.contour_features) {
                        auto f = fewseg::contour_features(outer, labels.count(), m.bbox);
                        o.put("contour_area", std::move(f.contour_area));
                        o.put("arc_length", std::move(f.arc_length));
                        o.put("enclosing_radius", std::move(f.enclosing_radius));
                        o.put("max_span", std::move(f.max_span));
                    }
                    if (plan.fractal_dimension) o.put("fractal_dimension", fewseg::border_fractal_dimension(outer, m));
                });
                break;
            case Step::median:
            case Step::sharpness:
            case Step::colour:
                if (image == nullptr) throw std::invalid_argument("intensity_image: required by the plan");
                jobs.push_back(intensity_job<T>(task.step, labels, m, *image, want));
                break;
        }
    }
    std::vector<Measurements> results(jobs.size());
    std::vector<std::function<void()>> run;
    for (std::size_t t = 0; t < jobs.size(); ++t) run.push_back([&, t]() { jobs[t](results[t]); });
    fewseg::run_tasks(run, want.threads);
    if (plan.merge_neighbourhoods) {
        auto& total = neighbourhoods[0];
        for (std::size_t b = 1; b < neighbourhoods.size(); ++b) total.add(neighbourhoods[b]);
        auto& o = results.emplace_back();
        if (plan.border_codes) o.put("border_codes", std::move(total.border_codes), {fewseg::kBorderCodes});
        if (plan.quads) o.put("quads", std::move(total.quads), {fewseg::kQuadConfigurations});
    }
    for (auto& r : results) {
        for (auto& f : r.floats) out.floats.push_back(std::move(f));
        for (auto& i : r.ints) out.ints.push_back(std::move(i));
        for (auto& sh : r.shapes) out.shapes.push_back(std::move(sh));
    }
}

// One read of the label image (in the plan's blocks of rows) builds the dense labels and,
// run by run, the moments, row extents and intensity sums of each block, merged in block
// order; the plan's tasks follow. `pass` keeps the dense labels and moments.
template <class Acc, class Label, class T>
Measurements measure_first(const fewseg::StridedView<Label>& label_view, const fewseg::StridedView<T>* image,
                           const Request& want, DensePass& pass) {
    constexpr int kBlocks = Plan::kPassBlocks;
    std::vector<fewseg::MomentSums<Acc>> moments(kBlocks);
    RunSums<T> run_sums(image, want.plan);
    pass.labels = fewseg::DenseLabels::from(
        label_view, kBlocks, want.threads,
        [&](int block, std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
            moments[block].add(r, b, e, id);
            run_sums.add(block, r, b, e, id);
        });
    for (int b = 1; b < kBlocks; ++b) moments[0].merge(moments[b]);
    pass.m = moments[0].finish(pass.labels.count(), pass.labels.rows, pass.labels.cols);
    const auto& m = pass.m;

    Measurements out;
    out.n = pass.labels.count();
    out.put("label", std::vector<std::int64_t>(pass.labels.values), {});
    out.put("count", std::vector<std::int64_t>(m.count), {});
    out.put("bbox", std::vector<std::int64_t>(m.bbox), {4});
    out.put("sums", std::vector<std::int64_t>(m.sums), {2});
    out.put("central", std::vector<double>(m.central), {7});
    measure_planned(pass, image, want, run_sums, out);
    return out;
}

// A later request on the first pass's dense labels: the per-run sums it needs are summed
// again over the same runs in the same blocks (DenseLabels::for_each_run), so every value
// is the one a first pass would give.
template <class T>
Measurements measure_later(const DensePass& pass, const fewseg::StridedView<T>* image, const Request& want) {
    RunSums<T> run_sums(image, want.plan);
    if (!run_sums.empty())
        pass.labels.for_each_run(Plan::kPassBlocks, want.threads,
                                 [&](int block, std::int64_t r, std::int64_t b, std::int64_t e, std::int32_t id) {
                                     run_sums.add(block, r, b, e, id);
                                 });
    Measurements out;
    out.n = pass.labels.count();
    measure_planned(pass, image, want, run_sums, out);
    return out;
}

template <class Label>
Measurements measure(const fewseg::StridedView<Label>& label_view, const IntensityView& intensity,
                     const Request& want, DensePass& pass) {
    const bool small = fewseg::MomentSums<std::int64_t>::fits_int64(label_view.shape[0], label_view.shape[1]);
    return std::visit(
        [&](const auto& view) {
            using View = std::decay_t<decltype(view)>;
            if constexpr (std::is_same_v<View, std::monostate>) {
                using None = fewseg::StridedView<std::uint8_t>;
                const None* none = nullptr;
                return small ? measure_first<std::int64_t>(label_view, none, want, pass)
                             : measure_first<__int128>(label_view, none, want, pass);
            } else {
                return small ? measure_first<std::int64_t>(label_view, &view, want, pass)
                             : measure_first<__int128>(label_view, &view, want, pass);
            }
        },
        intensity);
}

template <class T>
py::array_t<T> to_array(std::vector<T>& values, std::int64_t n, const std::vector<py::ssize_t>& tail) {
    std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(n)};
    shape.insert(shape.end(), tail.begin(), tail.end());
    py::array_t<T> a(shape);
    if (!values.empty()) std::copy(values.begin(), values.end(), a.mutable_data());
    return a;
}

py::dict to_dict(Measurements& found) {
    py::dict out;
    auto tail_of = [&](const std::string& key) {
        for (const auto& [k, t] : found.shapes)
            if (k == key) return t;
        return std::vector<py::ssize_t>{};
    };
    for (auto& [key, v] : found.floats) out[py::str(key)] = to_array(v, found.n, tail_of(key));
    for (auto& [key, v] : found.ints) out[py::str(key)] = to_array(v, found.n, tail_of(key));
    return out;
}

// The request, checked: groups, spacing, quantiles and threads, and the intensity image
// against the label image and the groups (typed while the GIL is held).
Request checked_request(const py::array& label_image, const std::optional<py::array>& intensity_image,
                        const std::set<std::string>& groups, std::pair<double, double> spacing,
                        const std::vector<double>& quantiles, int threads, IntensityView& intensity) {
    if (label_image.ndim() != 2) throw py::value_error("label_image: must be 2-D");
    if (threads < 1) throw py::value_error("threads: must be at least 1");
    Request want{fewseg::region_plan::GroupSet::named(groups), spacing.first, spacing.second, quantiles, threads};
    for (double q : quantiles)
        if (!(q >= 0.0 && q <= 1.0)) throw py::value_error("quantiles: must lie in [0, 1]");
    intensity = std::monostate{};
    if (intensity_image) {
        const py::array& img = *intensity_image;
        if (!(img.ndim() == 2 || img.ndim() == 3) || img.shape(0) != label_image.shape(0) ||
            img.shape(1) != label_image.shape(1))
            throw py::value_error("intensity_image: shape must be the label image's, plus channels");
        const bool rgb = img.ndim() == 3 && img.shape(2) == 3;
        const bool grey = img.ndim() == 2 || img.shape(2) == 1;
        if (want.groups.has(Group::colour) && !rgb) throw py::value_error("intensity_image: colour features need RGB");
        if (want.groups.has(Group::sharpness) && !(rgb || grey))
            throw py::value_error("intensity_image: border sharpness needs a grey or RGB image");
        if (has_dtype<std::uint8_t>(img)) intensity = view_of<std::uint8_t>(img);
        else if (has_dtype<std::uint16_t>(img)) intensity = view_of<std::uint16_t>(img);
        else if (has_dtype<float>(img)) intensity = view_of<float>(img);
        else if (has_dtype<double>(img)) intensity = view_of<double>(img);
        else throw py::type_error("intensity_image: expected uint8, uint16, float32 or float64");
    } else if (want.groups.any_needs_intensity()) {
        throw py::value_error("intensity_image: required by the requested measurements");
    }
    want.plan = fewseg::region_plan::plan_measurements(want.groups, intensity_image.has_value(), label_image.shape(0));
    return want;
}

Measurements measure_first_pass(const py::array& label_image, const IntensityView& intensity, const Request& want,
                                DensePass& pass) {
    if (has_dtype<std::int32_t>(label_image)) {
        auto view = view_of<std::int32_t>(label_image);
        py::gil_scoped_release release;
        return measure(view, intensity, want, pass);
    }
    if (has_dtype<std::int64_t>(label_image)) {
        auto view = view_of<std::int64_t>(label_image);
        py::gil_scoped_release release;
        return measure(view, intensity, want, pass);
    }
    throw py::type_error("label_image: expected int32 or int64, got " +
                         py::str(label_image.dtype()).cast<std::string>());
}

py::dict region_measurements(const py::array& label_image, const std::optional<py::array>& intensity_image,
                             const std::set<std::string>& groups, std::pair<double, double> spacing,
                             const std::vector<double>& quantiles, int threads) {
    IntensityView intensity;
    const Request want = checked_request(label_image, intensity_image, groups, spacing, quantiles, threads, intensity);
    DensePass pass;
    Measurements found = measure_first_pass(label_image, intensity, want, pass);
    return to_dict(found);
}

// The dense labels and moments of one label image, kept after its first measurement so that
// later groups run their tasks alone (fewseg.regionprops reads groups one after another).
// Holds the label and intensity arrays (the first pass's views read them).
class RegionPass {
  public:
    RegionPass(py::array label_image, std::optional<py::array> intensity_image, std::pair<double, double> spacing,
               int threads)
        : label_image_(std::move(label_image)), intensity_image_(std::move(intensity_image)), spacing_(spacing),
          threads_(threads) {}

    py::dict first(const std::set<std::string>& groups, const std::vector<double>& quantiles) {
        IntensityView intensity;
        const Request want =
            checked_request(label_image_, intensity_image_, groups, spacing_, quantiles, threads_, intensity);
        Measurements found = measure_first_pass(label_image_, intensity, want, pass_);
        return to_dict(found);
    }

    py::dict measure(const std::set<std::string>& groups, const std::vector<double>& quantiles) {
        IntensityView intensity;
        const Request want =
            checked_request(label_image_, intensity_image_, groups, spacing_, quantiles, threads_, intensity);
        Measurements found;
        {
            py::gil_scoped_release release;
            found = std::visit(
                [&](const auto& view) {
                    using View = std::decay_t<decltype(view)>;
                    if constexpr (std::is_same_v<View, std::monostate>) {
                        const fewseg::StridedView<std::uint8_t>* none = nullptr;
                        return measure_later(pass_, none, want);
                    } else {
                        return measure_later(pass_, &view, want);
                    }
                },
                intensity);
        }
        return to_dict(found);
    }

  private:
    py::array label_image_;
    std::optional<py::array> intensity_image_;
    std::pair<double, double> spacing_;
    int threads_;
    DensePass pass_;
};

py::tuple region_pass(const py::array& label_image, const std::optional<py::array>& intensity_image,
                      const std::set<std::string>& groups, std::pair<double, double> spacing,
                      const std::vector<double>& quantiles, int threads) {
    auto pass = std::make_unique<RegionPass>(label_image, intensity_image, spacing, threads);
    py::dict found = pass->first(groups, quantiles);
    return py::make_tuple(found, py::cast(std::move(pass)));
}

py::dict region_groups() {
    py::dict out;
    for (const auto& g : fewseg::region_plan::kGroups) out[py::str(g.name)] = g.needs_intensity;
    return out;
}

py::dict region_plan(const std::set<std::string>& groups, bool has_intensity, std::int64_t rows) {
    const Plan p =
        fewseg::region_plan::plan_measurements(fewseg::region_plan::GroupSet::named(groups), has_intensity, rows);
    py::list first_pass;
    first_pass.append("moments");
    if (p.intensity_sums) first_pass.append("intensity_sums");
    if (p.row_extents) first_pass.append("row_extents");
    py::list counted;
    if (p.border_codes) counted.append("border_codes");
    if (p.quads) counted.append("quads");
    py::list contours;
    if (p.contour_features) contours.append("contour_features");
    if (p.fractal_dimension) contours.append("fractal_dimension");
    py::list tasks;
    for (const auto& t : p.tasks) {
        py::dict task;
        task["step"] = fewseg::region_plan::name_of(t.step);
        if (t.step == Step::neighbourhood_counts) {
            task["block"] = t.block;
            task["rows"] = py::make_tuple(t.first_row, t.end_row);
            task["counts"] = counted;
        } else if (t.step == Step::outer_contours) {
            task["measures"] = contours;
        }
        tasks.append(task);
    }
    py::list after;
    if (p.merge_neighbourhoods) after.append("merge_neighbourhoods");
    py::dict out;
    out["pass_blocks"] = Plan::kPassBlocks;
    out["first_pass"] = first_pass;
    out["tasks"] = tasks;
    out["after"] = after;
    return out;
}

}  // namespace

void bind_regionprops(py::module_& m) {
    m.def("region_measurements", &region_measurements, py::arg("label_image"), py::arg("intensity_image"),
          py::arg("groups"), py::arg("spacing"), py::arg("quantiles"), py::arg("threads"),
          "Raw per-label measurements behind fewseg.regionprops_table, as a dict of arrays with one "
          "row per label (ascending).");
    py::class_<RegionPass>(m, "RegionPass",
                           "The dense labels and moments of one label image after region_pass, for later groups.")
        .def("measure", &RegionPass::measure, py::arg("groups"), py::arg("quantiles"),
             "The measurements of `groups` (without the first pass's labels, counts, boxes and moments), "
             "from the kept dense labels: the values region_measurements gives.");
    m.def("region_pass", &region_pass, py::arg("label_image"), py::arg("intensity_image"), py::arg("groups"),
          py::arg("spacing"), py::arg("quantiles"), py::arg("threads"),
          "region_measurements' dict, and a RegionPass keeping the dense labels for later groups.");
    m.def("region_groups", &region_groups,
          "The measurement groups region_measurements takes, in order: name -> whether it needs an "
          "intensity image.");
    m.def("region_plan", &region_plan, py::arg("groups"), py::arg("has_intensity"), py::arg("rows"),
          "How region_measurements measures `groups` on a label image of `rows` rows: the first pass, "
          "its blocks of rows, the independent tasks in the order their results are stored, and what "
          "follows them.");
}
