#!/usr/bin/env node
// Prints what the packaging tests ran (test-output/figures.json), one line each.
import { printFigures } from '@push-api/test-support/figures';

printFigures(import.meta.dirname, 'packaging', '@push-api/packaging-tests');
