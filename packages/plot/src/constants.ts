/** Filled probability bands between 0 and 1 in binary boundary plots (contourf-like). */
export const DEFAULT_LEVELS = 10;
