// Contours of a binary image by Suzuki and Abe's border following, with the output of
// cv2.findContours: the same points in the same order (as (row, col)), the same
// hierarchy [next, previous, first_child, parent], for the four retrieval modes and the
// two chain approximations.
//
// Any nonzero pixel is foreground (8-connected); background is 4-connected. The image is
// copied into a buffer padded by one background pixel, so regions touching the edge are
// traced on their edge pixels. Every border start, parent choice and sibling order
// follows OpenCV's scan; where OpenCV tells borders apart by 7-bit marks that wrap after
// 126 borders (and resolves the clashes by retracing), the border number of each marked
// pixel is kept in full (32 bits), so a border's enclosing border is read directly.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "fewseg/border_following.hpp"
#include "fewseg/large_buffer.hpp"
#include "fewseg/strided.hpp"
#include "fewseg/vector_clones.hpp"

namespace fewseg {

enum class RetrievalMode { external, list, ccomp, tree };
enum class ChainApprox { none, simple };

struct ContourList {
    std::vector<std::int32_t> points;   // (row, col) pairs of every contour, back to back
    std::vector<std::int64_t> offsets;  // contour i is points [offsets[i], offsets[i+1]) (in pairs)
    std::vector<std::int32_t> hierarchy;  // 4 per contour: next, previous, first_child, parent
    std::size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
};

namespace contours_detail {

// The tree of borders in discovery order; node 0 is the frame (a hole around the image).
struct BorderTree {
    std::vector<std::int32_t> parent{-1}, first_child{-1}, next{-1}, prev{-1};
    std::vector<char> is_hole{1};
    std::vector<std::int64_t> begin{0};  // into `points`, in pairs
    std::vector<std::int32_t> points;

    std::int32_t add(std::int32_t under, bool hole) {
        const auto id = static_cast<std::int32_t>(parent.size());
        parent.push_back(under);
        next.push_back(first_child[under]);  // newest child first, as OpenCV lists them
        prev.push_back(-1);
        first_child.push_back(-1);
        is_hole.push_back(hole);
        if (first_child[under] != -1) prev[first_child[under]] = id;
        first_child[under] = id;
        return id;
    }

    // Depth-first, children in list order: OpenCV's output order.
    ContourList flatten() const {
        ContourList out;
        const std::size_t n = parent.size();
        std::vector<std::int32_t> order, position(n, -1), stack{0};
        std::vector<std::int64_t> end(begin.begin() + 1, begin.end());
        end.push_back(static_cast<std::int64_t>(points.size() / 2));
        while (!stack.empty()) {
            const std::int32_t node = stack.back();
            stack.pop_back();
            if (node != 0) {
                position[node] = static_cast<std::int32_t>(order.size());
                order.push_back(node);
            }
            std::int32_t child = first_child[node];
            if (child == -1) continue;
            while (next[child] != -1) child = next[child];
            for (; child != -1; child = prev[child]) stack.push_back(child);
        }
        auto map = [&](std::int32_t node) { return node <= 0 ? -1 : position[node]; };
        out.offsets.push_back(0);
        for (std::int32_t node : order) {
            out.points.insert(out.points.end(), points.begin() + 2 * begin[node],
                              points.begin() + 2 * end[node]);
            out.offsets.push_back(static_cast<std::int64_t>(out.points.size() / 2));
            out.hierarchy.insert(out.hierarchy.end(),
                                 {map(next[node]), map(prev[node]), map(first_child[node]),
                                  map(parent[node])});
        }
        if (order.empty()) out.offsets.clear();
        return out;
    }
};

// Marks are int8: 0 background, 1 unvisited, 2 / -2 visited (Suzuki's NBD / -NBD). Which
// border marked a pixel last (its NBD) is kept aside in `owners`, written only where a
// mark is, and read only where one is: the tree modes need it to find a border's parent.
template <class Mark>
ContourList scan(Mark* m, std::int32_t* owners, std::int64_t rows, std::int64_t cols,
                 RetrievalMode mode, ChainApprox approx) {
    const std::int64_t width = cols + 2;
    const border::Directions dirs(width);
    const bool simple_tree = mode == RetrievalMode::external || mode == RetrievalMode::list;
    const bool every_point = approx == ChainApprox::none;
    auto is_foreground = [m](std::int64_t i) { return m[i] != 0; };
    auto has_flags = [](Mark v) { return v != 0 && v != 1; };
    BorderTree tree;

    for (std::int64_t y = 1; y <= rows; ++y) {
        Mark* row = m + y * width;
        std::int64_t last_x = 0;  // the last marked pixel met on this row (Suzuki's LNBD)
        Mark prev = 0;
        for (std::int64_t x = 1;; ++x) {
            x = border::next_change(row, x, cols + 1, prev);
            if (x > cols) break;
            const Mark p = row[x];
            bool is_hole;
            if (prev == 0 && p == 1) {
                is_hole = false;
            } else if (p == 0 && prev >= 1) {
                if (has_flags(prev)) last_x = x - 1;
                is_hole = true;
            } else {
                prev = p;
                if (has_flags(p)) last_x = x;
                continue;
            }
            if (mode == RetrievalMode::external && (is_hole || row[last_x] > 0)) {
                prev = p;
                continue;
            }

            std::int32_t under = 0;
            if (!simple_tree && !(mode == RetrievalMode::ccomp && !is_hole) && last_x > 0) {
                under = owners[y * width + last_x];
                if (static_cast<bool>(tree.is_hole[under]) == is_hole)
                    under = tree.parent[under] != -1 ? tree.parent[under] : 0;
            }
            const std::int32_t id = tree.add(under, is_hole);
            const std::int64_t sx = x - (is_hole ? 1 : 0);
            tree.begin.push_back(static_cast<std::int64_t>(tree.points.size() / 2));
            border::follow_border(m, is_foreground, dirs, y * width + sx, sx, y, is_hole, Mark(1), Mark(2),
                                  Mark(-2), every_point, tree.points, simple_tree ? nullptr : owners, id);
            last_x = sx;
            prev = row[x];
        }
    }
    return tree.flatten();
}

// One row of the image as 0/1 marks.
template <class T, class Mark>
FEWSEG_VECTOR_CLONES inline void binary_row(const T* src, std::int64_t n, Mark* dst) {
    for (std::int64_t c = 0; c < n; ++c) dst[c] = src[c] != T(0);
}

// The image as 0/1 marks, padded by one 0 on every side. Left uninitialised and then
// written once: this copy is a large part of the time on a lesion mask.
template <class T, class Mark>
std::unique_ptr<Mark[]> padded_binary(const StridedView<T>& image) {
    const std::int64_t rows = image.shape[0], cols = image.shape[1], width = cols + 2;
    const std::int64_t total = checked_size({rows + 2, cols + 2});
    std::unique_ptr<Mark[]> marks(new Mark[static_cast<std::size_t>(total)]);
    Mark* m = marks.get();
    std::fill(m, m + width, Mark(0));
    std::fill(m + (rows + 1) * width, m + total, Mark(0));
    for (std::int64_t r = 0; r < rows; ++r) {
        const char* src = image.data + r * image.strides[0];
        Mark* dst = m + (r + 1) * width;
        dst[0] = 0;
        dst[cols + 1] = 0;
        ++dst;
        const std::int64_t step = image.strides[1];
        if (step == static_cast<std::int64_t>(sizeof(T))) {
            binary_row(reinterpret_cast<const T*>(src), cols, dst);
        } else {
            for (std::int64_t c = 0; c < cols; ++c)
                dst[c] = *reinterpret_cast<const T*>(src + c * step) != T(0);
        }
    }
    return marks;
}

}  // namespace contours_detail

// Contours of the nonzero pixels of a 2-D image (any strides).
template <class T>
ContourList trace_contours(const StridedView<T>& image, RetrievalMode mode, ChainApprox approx) {
    if (image.shape.size() != 2) throw std::invalid_argument("image must be 2-D");
    if (image.shape[0] >= INT32_MAX - 2 || image.shape[1] >= INT32_MAX - 2)
        throw std::invalid_argument("image too large for 32-bit contour coordinates");
    if (image.size() == 0) return {};
    auto marks = contours_detail::padded_binary<T, std::int8_t>(image);
    LargeBuffer<std::int32_t> owners;
    if (!(mode == RetrievalMode::external || mode == RetrievalMode::list))
        owners = allocate_large<std::int32_t>(static_cast<std::size_t>((image.shape[0] + 2) * (image.shape[1] + 2)));
    return contours_detail::scan(marks.get(), owners.get(), image.shape[0], image.shape[1], mode, approx);
}

}  // namespace fewseg
