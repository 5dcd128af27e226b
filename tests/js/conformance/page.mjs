// Browser entry for the conformance run (bundled by esbuild for the browser, or loaded as is
// through an import map): runs the checks on load and publishes the result on `window`.
import { runConformance } from './conformance.mjs';

window.__conformance = runConformance();
