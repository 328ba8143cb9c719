// A label image renumbered 1..K in ascending label order (0 stays background), padded by
// one background pixel on every side: the common input of the all-labels kernels, which
// then index per-label tables directly and never test image bounds.
//
// Building it is the one pass over the caller's array that every measurement needs, so
// it also hands each run of equal labels to a visitor: the per-run measurements (counts,
// moments, intensity sums) ride along instead of reading the image again.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "fewseg/large_buffer.hpp"
#include "fewseg/parallel.hpp"
#include "fewseg/runs.hpp"
#include "fewseg/strided.hpp"

namespace fewseg {

struct DenseLabels {
    std::int64_t rows = 0, cols = 0, width = 2;  // width = cols + 2
    LargeBuffer<std::int32_t> data;               // (rows + 2) x (cols + 2), C order
    std::int64_t total = 0;
    std::vector<std::int64_t> values;            // values[k - 1] is the label of dense id k

    std::int32_t count() const { return static_cast<std::int32_t>(values.size()); }
    const std::int32_t* index() const { return data.get(); }
    const std::int32_t* row(std::int64_t padded_row) const { return data.get() + padded_row * width; }

    // visitor(chunk, row, first_col, end_col, dense_id) for every run of a nonzero label,
    // in raster order within a chunk: the rows are cut into `chunks` consecutive blocks
    // (chunk 0 first), read on up to `threads` threads.
    template <class Label, class Visitor>
    static DenseLabels from(const StridedView<Label>& image, int chunks, int threads, Visitor&& visitor);

    template <class Label>
    static DenseLabels from(const StridedView<Label>& image) {
        return from(image, 1, 1, [](int, std::int64_t, std::int64_t, std::int64_t, std::int32_t) {});
    }

    // Rows [first, last) of block `c` of `chunks` consecutive blocks of `rows` rows.
    static std::pair<std::int64_t, std::int64_t> chunk_rows(std::int64_t rows, std::size_t c, std::size_t chunks) {
        const auto n = static_cast<std::int64_t>(chunks), k = static_cast<std::int64_t>(c);
        return {rows * k / n, rows * (k + 1) / n};
    }

    // The visits of from(image, chunks, threads, visitor) again, from the dense labels: the
    // same runs (maximal runs of one label; dense ids map one to one onto labels) in the
    // same order, block by block, so that what a visitor sums comes out bit-identical.
    template <class Visitor>
    void for_each_run(int chunks, int threads, Visitor&& visitor) const;
};

namespace dense_detail {

template <class Label, class Body>
void for_each_row_run(const StridedView<Label>& image, std::int64_t first, std::int64_t last, Body&& body) {
    RowRuns runs;
    for (std::int64_t r = first; r < last; ++r) {
        const char* row = image.data + r * image.strides[0];
        runs.load_strided<Label>(row, image.strides[1], image.shape[1]);
        runs.for_each([&](std::int64_t b, std::int64_t e) {
            body(r, b, e, *reinterpret_cast<const Label*>(row + b * image.strides[1]));
        });
    }
}

}  // namespace dense_detail

template <class Label, class Visitor>
DenseLabels DenseLabels::from(const StridedView<Label>& image, int chunks, int threads, Visitor&& visitor) {
    if (image.shape.size() != 2) throw std::invalid_argument("label image must be 2-D");
    DenseLabels out;
    out.rows = image.shape[0];
    out.cols = image.shape[1];
    out.width = out.cols + 2;
    out.total = checked_size({out.rows + 2, out.cols + 2});
    if (out.rows >= INT32_MAX - 2 || out.cols >= INT32_MAX - 2 || out.total >= INT32_MAX)
        throw std::invalid_argument("label_image: too large (at most 2^31 - 1 pixels with a one-pixel border)");
    out.data = allocate_large<std::int32_t>(static_cast<std::size_t>(out.total));
    std::int32_t* index = out.data.get();
    const std::int64_t w = out.width;
    std::fill(index, index + w, 0);
    std::fill(index + (out.rows + 1) * w, index + out.total, 0);
    for (std::int64_t r = 1; r <= out.rows; ++r) index[r * w] = index[r * w + w - 1] = 0;
    if (out.rows == 0 || out.cols == 0) return out;

    const auto n_chunks = static_cast<std::size_t>(std::max(chunks, 1));
    auto chunk_rows = [&](std::size_t c) { return DenseLabels::chunk_rows(out.rows, c, n_chunks); };

    // Which labels occur (and whether any is negative), run by run: a table for label
    // values up to about the pixel count, a hash for larger ones.
    const std::int64_t limit = out.rows * out.cols + 65536;
    struct Seen {
        std::vector<std::uint8_t> table = std::vector<std::uint8_t>(1, 0);
        std::unordered_map<std::int64_t, std::int32_t> sparse;
        bool negative = false;
    };
    std::vector<Seen> seen(n_chunks);
    std::vector<std::function<void()>> tasks;
    for (std::size_t c = 0; c < n_chunks; ++c)
        tasks.push_back([&, c]() {
            Seen& s = seen[c];
            const auto [first, last] = chunk_rows(c);
            dense_detail::for_each_row_run(image, first, last, [&](std::int64_t, std::int64_t, std::int64_t, Label v) {
                if (v < 0) {
                    s.negative = true;
                } else if (static_cast<std::int64_t>(v) <= limit) {
                    if (static_cast<std::size_t>(v) >= s.table.size())
                        s.table.resize(std::max(s.table.size() * 2, static_cast<std::size_t>(v) + 1), 0);
                    s.table[static_cast<std::size_t>(v)] = 1;
                } else {
                    s.sparse.emplace(static_cast<std::int64_t>(v), 0);
                }
            });
        });
    run_tasks(tasks, threads);
    std::size_t table_size = 1;
    for (const auto& s : seen) {
        if (s.negative) throw std::invalid_argument("label_image: labels must be non-negative");
        table_size = std::max(table_size, s.table.size());
    }
    std::vector<std::int32_t> table(table_size, 0);
    std::unordered_map<std::int64_t, std::int32_t> sparse;
    for (const auto& s : seen) {
        for (std::size_t v = 1; v < s.table.size(); ++v) table[v] |= s.table[v];
        for (const auto& kv : s.sparse) sparse.emplace(kv.first, 0);
    }
    seen.clear();
    const bool use_table = sparse.empty();
    for (std::size_t v = 1; v < table.size(); ++v)
        if (table[v]) out.values.push_back(static_cast<std::int64_t>(v));
    if (use_table) {
        for (std::size_t k = 0; k < out.values.size(); ++k)
            table[static_cast<std::size_t>(out.values[k])] = static_cast<std::int32_t>(k + 1);
    } else {
        for (const auto& kv : sparse) out.values.push_back(kv.first);
        std::sort(out.values.begin(), out.values.end());
        for (std::size_t k = 0; k < out.values.size(); ++k)
            sparse[out.values[k]] = static_cast<std::int32_t>(k + 1);
    }

    const auto& lookup = sparse;  // only read from here on, by every thread
    tasks.clear();
    for (std::size_t c = 0; c < n_chunks; ++c)
        tasks.push_back([&, c]() {
            const auto [first, last] = chunk_rows(c);
            dense_detail::for_each_row_run(image, first, last, [&](std::int64_t r, std::int64_t b, std::int64_t e, Label v) {
                const std::int32_t id = v == 0 ? 0 : use_table ? table[static_cast<std::size_t>(v)]
                                                               : lookup.at(static_cast<std::int64_t>(v));
                std::int32_t* dst = index + (r + 1) * w + 1;
                std::fill(dst + b, dst + e, id);
                if (id != 0) visitor(static_cast<int>(c), r, b, e, id);
            });
        });
    run_tasks(tasks, threads);
    return out;
}

template <class Visitor>
void DenseLabels::for_each_run(int chunks, int threads, Visitor&& visitor) const {
    const auto n_chunks = static_cast<std::size_t>(std::max(chunks, 1));
    std::vector<std::function<void()>> tasks;
    for (std::size_t c = 0; c < n_chunks; ++c)
        tasks.push_back([&, c]() {
            const auto [first, last] = chunk_rows(rows, c, n_chunks);
            RowRuns runs;
            for (std::int64_t r = first; r < last; ++r) {
                const std::int32_t* ids = row(r + 1) + 1;
                runs.load(ids, cols);
                runs.for_each([&](std::int64_t b, std::int64_t e) {
                    if (ids[b] != 0) visitor(static_cast<int>(c), r, b, e, ids[b]);
                });
            }
        });
    run_tasks(tasks, threads);
}

}  // namespace fewseg
