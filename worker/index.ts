// The worker's entry point. The worker renders every email with React, whose
// development build (chosen once, when React is first loaded) renders about half as
// fast: so unless told otherwise, the worker runs as production. The rest of the
// worker is loaded only after that choice.
Object.assign(process.env, { NODE_ENV: process.env.NODE_ENV ?? "production" });
await import("./run-worker");

export {};
