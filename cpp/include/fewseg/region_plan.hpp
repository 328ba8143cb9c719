// The measurement plan behind fewseg.regionprops_table on 2-D label images: which groups
// of measurements exist, and for a request, what the one pass over the label image
// accumulates, how the rows are cut into blocks, and which independent tasks follow.
//
// The group names are spelled here only: the binding parses requests with group_named,
// and Python reads the names (and which need an intensity image) from kGroups through
// fewseg._core.region_groups. The plan never depends on the thread count: the rows are
// always cut into the same blocks and the results stored in task order, so that integer
// counts add up in the same order and every result is bit-identical for any thread count.
#pragma once

#include <bitset>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fewseg::region_plan {

enum class Group : std::uint8_t { convex, perimeter, quads, asymmetry, seed, fractal, intensity, median, sharpness, colour };

struct GroupInfo {
    Group group;
    const char* name;
    bool needs_intensity;  // measured on the intensity image
};

// Every group, in the order of Group.
inline constexpr GroupInfo kGroups[] = {
    {Group::convex, "convex", false},         // row extents: convex hull area, Feret diameter
    {Group::perimeter, "perimeter", false},   // border codes of 3x3 neighbourhoods
    {Group::quads, "quads", false},           // 2x2 configurations: Euler number, Crofton perimeter
    {Group::asymmetry, "asymmetry", false},   // overlap with the mirror images about the axes
    {Group::seed, "seed", false},             // outer contours: area, length, enclosing circle, span
    {Group::fractal, "fractal", false},       // outer contours: box-counting dimension
    {Group::intensity, "intensity", true},    // min, max, mean, std, summed in the first pass
    {Group::median, "median", true},
    {Group::sharpness, "sharpness", true},    // border sharpness
    {Group::colour, "colour", true},          // RGB and CIELAB statistics, dermoscopic colours
};
inline constexpr std::size_t kGroupCount = sizeof(kGroups) / sizeof(kGroups[0]);

constexpr const GroupInfo& info(Group g) { return kGroups[static_cast<std::size_t>(g)]; }

// Throws std::invalid_argument naming `name` when it is no group.
inline Group group_named(std::string_view name) {
    for (const auto& g : kGroups)
        if (name == g.name) return g.group;
    throw std::invalid_argument("groups: unknown measurement group '" + std::string(name) + "'");
}

class GroupSet {
  public:
    GroupSet() = default;
    template <class Names>
    static GroupSet named(const Names& names) {
        GroupSet s;
        for (const auto& n : names) s.add(group_named(n));
        return s;
    }
    void add(Group g) { bits_.set(static_cast<std::size_t>(g)); }
    bool has(Group g) const { return bits_.test(static_cast<std::size_t>(g)); }
    bool any_needs_intensity() const {
        for (const auto& g : kGroups)
            if (has(g.group) && g.needs_intensity) return true;
        return false;
    }

  private:
    std::bitset<kGroupCount> bits_;
};

// What runs after the first pass, each on the dense labels and its moments.
enum class Step : std::uint8_t {
    convex_features,       // from the first pass's row extents
    neighbourhood_counts,  // border codes and/or 2x2 configurations of one block of rows
    asymmetry,
    outer_contours,        // contour features and/or fractal dimension
    median,
    sharpness,
    colour,
};

inline constexpr const char* kStepNames[] = {"convex_features", "neighbourhood_counts", "asymmetry", "outer_contours",
                                             "median", "sharpness", "colour"};

constexpr const char* name_of(Step s) { return kStepNames[static_cast<std::size_t>(s)]; }

struct Task {
    Step step;
    int block = 0;                            // neighbourhood_counts: which block of rows
    std::int64_t first_row = 0, end_row = 0;  // neighbourhood_counts: padded rows [first, end)
};

struct Plan {
    // The first pass reads the label image in this many blocks of rows, whatever the
    // thread count, and merges what each accumulates in block order.
    static constexpr int kPassBlocks = 2;
    bool intensity_sums = false;  // the first pass also sums intensities
    bool row_extents = false;     // ... and keeps every label's row extents
    bool border_codes = false, quads = false;                  // what neighbourhood_counts count
    bool contour_features = false, fractal_dimension = false;  // what outer_contours measures
    // Independent of one another, run on any number of threads; their results are
    // stored in this order.
    std::vector<Task> tasks;
    // Then, once every task has ended: the neighbourhood counts of the blocks are added
    // in block order (integers: exact).
    bool merge_neighbourhoods = false;
};

// The plan for `groups` on a label image of `rows` rows, with or without an intensity
// image (without one, the groups that need it are not measured).
inline Plan plan_measurements(const GroupSet& groups, bool has_image, std::int64_t rows) {
    if (rows < 0) throw std::invalid_argument("rows: must be >= 0");
    Plan p;
    p.intensity_sums = has_image && groups.has(Group::intensity);
    p.row_extents = groups.has(Group::convex);
    if (p.row_extents) p.tasks.push_back({Step::convex_features});
    p.border_codes = groups.has(Group::perimeter);
    p.quads = groups.has(Group::quads);
    if (p.border_codes || p.quads) {
        // Two blocks of rows, always the same two (rows of the padded dense labels).
        const std::int64_t middle = 1 + rows / 2;
        p.tasks.push_back({Step::neighbourhood_counts, 0, 1, middle});
        p.tasks.push_back({Step::neighbourhood_counts, 1, middle, rows + 1});
        p.merge_neighbourhoods = true;
    }
    if (groups.has(Group::asymmetry)) p.tasks.push_back({Step::asymmetry});
    p.contour_features = groups.has(Group::seed);
    p.fractal_dimension = groups.has(Group::fractal);
    if (p.contour_features || p.fractal_dimension) p.tasks.push_back({Step::outer_contours});
    if (has_image) {
        if (groups.has(Group::median)) p.tasks.push_back({Step::median});
        if (groups.has(Group::sharpness)) p.tasks.push_back({Step::sharpness});
        if (groups.has(Group::colour)) p.tasks.push_back({Step::colour});
    }
    return p;
}

}  // namespace fewseg::region_plan
