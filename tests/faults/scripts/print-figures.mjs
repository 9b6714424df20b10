#!/usr/bin/env node
// Prints what the fault tests counted (test-output/figures.json), one line each.
import { printFigures } from '@push-api/test-support/figures';

printFigures(import.meta.dirname, 'faults', '@push-api/fault-tests');
