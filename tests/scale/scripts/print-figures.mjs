#!/usr/bin/env node
// Prints what the scale-out tests counted (test-output/figures.json), one line each.
import { printFigures } from '@push-api/test-support/figures';

printFigures(import.meta.dirname, 'scale-out', '@push-api/scale-tests');
