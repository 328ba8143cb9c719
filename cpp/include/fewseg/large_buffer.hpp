// Uninitialised buffers for whole-image scratch arrays. Fresh memory costs a page fault
// per 4 KiB on first touch, which on a 7-megapixel label image is as long as the pass
// that fills it; on Linux the buffer is therefore aligned to 2 MiB and offered to the
// kernel for transparent huge pages (where the system enables them on request).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace fewseg {

struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
};

template <class T>
using LargeBuffer = std::unique_ptr<T[], FreeDeleter>;

template <class T>
LargeBuffer<T> allocate_large(std::size_t count) {
    const std::size_t bytes = std::max<std::size_t>(count * sizeof(T), 1);
    constexpr std::size_t huge = std::size_t{1} << 21;
    void* p = nullptr;
    if (bytes >= 2 * huge) {
        if (posix_memalign(&p, huge, (bytes + huge - 1) / huge * huge) != 0) p = nullptr;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        if (p != nullptr) madvise(p, (bytes + huge - 1) / huge * huge, MADV_HUGEPAGE);
#endif
    } else {
        p = std::malloc(bytes);
    }
    if (p == nullptr) throw std::bad_alloc();
    return LargeBuffer<T>(static_cast<T*>(p));
}

}  // namespace fewseg
