// Row loops the compiler vectorises run twice as wide with AVX2, which the baseline
// x86-64 build may not assume. FEWSEG_VECTOR_CLONES compiles such a function for AVX2 and
// for the baseline, and the loader picks one for the CPU at hand (GCC's target_clones,
// on x86-64 Linux; elsewhere it expands to nothing). Same results either way: these loops
// only compare integers.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define FEWSEG_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define FEWSEG_VECTOR_CLONES
#endif
