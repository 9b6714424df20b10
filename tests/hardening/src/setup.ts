// Runs in every test file's worker: one fast-check configuration for the whole package.
import fc from 'fast-check';
import { fastCheckSeed } from './seed.js';

fc.configureGlobal({
  seed: fastCheckSeed(),
  // Each property states its own numRuns (what it costs against a real server); this is the
  // default for those that do not.
  numRuns: 100,
});
