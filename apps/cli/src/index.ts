export { createProgram, main } from './main.js';
export { EXIT_OK, EXIT_RUNTIME, EXIT_USAGE, UsageError, exitCodeFor } from './errors.js';
