// Running independent pieces of work on a few threads. Work is always cut the same way
// whatever the number of threads (the caller fixes the pieces), and each piece writes
// only its own results, so results are bit-identical for any thread count.
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace fewseg {

// Runs every task exactly once on up to `threads` threads, the calling one included;
// rethrows the exception of the first failing task (in task order) after all have ended.
inline void run_tasks(const std::vector<std::function<void()>>& tasks, int threads) {
    const std::size_t n = tasks.size();
    std::vector<std::exception_ptr> errors(n);
    std::atomic<std::size_t> next{0};
    auto worker = [&]() {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                tasks[i]();
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const std::size_t extra = std::min<std::size_t>(n, static_cast<std::size_t>(std::max(threads, 1))) - (n > 0);
    std::vector<std::thread> pool;
    pool.reserve(extra);
    try {
        for (std::size_t t = 0; t < extra; ++t) pool.emplace_back(worker);
    } catch (...) {
        // No thread could be started: the calling thread does all the work.
    }
    worker();
    for (auto& th : pool) th.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

}  // namespace fewseg
