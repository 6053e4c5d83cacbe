/**
 * `mlpkit experiments list` and `mlpkit experiments run <id...|all>`: reproduce the seed
 * tutorials and compare with what they reported.
 */
import type { Command } from 'commander';
import type { RunOpts } from '../actions/experiments.js';
import { parseNonNegativeInt, parsePositiveInt, parseRandomState } from '../parse.js';
import type { Terminal } from '../terminal.js';

export function registerExperimentsCommand(program: Command, term: Terminal): void {
  const group = program.command('experiments').description('the seed-tutorial experiments (shared/experiments.md)');

  group
    .command('list')
    .description('list the experiment ids with their settings and what the tutorial reported')
    .option('--json', 'machine-readable output on stdout')
    .option('--quiet', 'no notes on stderr (errors only; this command prints none)')
    .action(async (o: { json?: boolean; quiet?: boolean }) => (await import('../actions/experiments.js')).listAction({ ...(o.json ? { json: true } : {}) }, term));

  group
    .command('run')
    .description('run experiments and compare with the tutorials')
    .argument('<ids...>', 'experiment ids, or "all"')
    .option('--out <dir>', 'write one folder per experiment plus an index report.html (a new or empty folder, or an earlier mlpkit run)')
    .option('--force', 'also write into a non-empty folder (beside its files; nothing mlpkit did not write is ever replaced or deleted)')
    .option('--seed <n>', 'first run seed (initial weights, shuffles, and the data of experiments without a random state)', parseNonNegativeInt, 0)
    .option('--random-state <n>', "draw every dataset that supports it from NumPy's RandomState(n), as np.random.seed(n) / scikit-learn's random_state (default: the tutorial's own random_state, where it gave one)", parseRandomState)
    .option('--seeds <n>', 'repeat each experiment over N seeds (seed, seed+1, ...) and report median and range (default 1; 10 for xor-table)', parsePositiveInt)
    .option('--backend <name>', 'training backend (see `mlpkit backends`)', 'auto')
    .option('--jobs <n>', 'worker threads for independent runs (default: one per core when the estimated work outweighs starting the workers, else 1: one after the other here)', parsePositiveInt)
    .option('--no-png', 'skip the PNG copies of the plots')
    .option('--json', 'print the results as JSON on stdout')
    .option('--quiet', 'no progress and no notes on stderr (errors only)')
    .option('--check', 'exit 1 when any experiment disagrees with its tutorial (for CI)')
    .action(async (ids: string[], o: RunOpts) => (await import('../actions/experiments.js')).runAction(ids, o, term));
}
