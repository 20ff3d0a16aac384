// The V8 flags the worker process runs with, in one place: `npm start` and the benchmarks
// that measure the worker take them from here, and a test holds package.json's
// `npm run worker` to the same list.
//
// The worker's live heap is small (≈ 15–20 MB while verifying a file of millions of rows)
// but it allocates fast, and V8 sizes its heap for that rate, not for what is live:
//   --max-semi-space-size=8      a young generation of 16 MB instead of up to 128 MB;
//   --heap-growing-percent=20    a full collection once the old generation is 1.2× what
//                                was live after the last one, instead of V8's up to 4×.
// Together they cut the worker's peak RSS on a 5M-row file by 20–40 MB for ≈ 3 % more
// time spent collecting (see BENCHMARKS.md, bench:verify).
export const WORKER_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=8", "--heap-growing-percent=20"];
