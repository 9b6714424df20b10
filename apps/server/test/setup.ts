// Runs in every test file: temporary data directories are removed when the file is done.
import { afterAll } from 'vitest';
import { removeTempDirs } from '@push-api/test-support';

afterAll(() => {
  removeTempDirs();
});
