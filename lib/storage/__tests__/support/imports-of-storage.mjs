// Run as `node --import tsx imports-of-storage.mjs`: makes the configured storage
// (from the environment) and prints every module specifier that was resolved.
import { registerHooks } from "node:module";

const specifiers = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    specifiers.push(specifier);
    return nextResolve(specifier, context);
  },
});
const { storage } = await import("../../storage.ts");
storage();
console.log(JSON.stringify(specifiers));
