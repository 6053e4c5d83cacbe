/**
 * The mlpkit command line: a thin shell over the packages. Exit codes: 0 ok, 1 training or
 * runtime failure, 2 usage or bad input. Errors are one line on stderr (stack with --verbose).
 */
import { Command } from 'commander';
import { registerDataCommand } from './commands/data.js';
import { registerExperimentsCommand } from './commands/experiments.js';
import { registerInfoCommands } from './commands/info.js';
import { registerModelUseCommands } from './commands/model-use.js';
import { registerTrainCommand } from './commands/train.js';
import { EXIT_OK, exitCodeFor, oneLineMessage } from './errors.js';
import { createTerminal, type Terminal } from './terminal.js';
import { cliVersion } from './version.js';

/** The commander program with every command registered. */
export function createProgram(term: Terminal = createTerminal()): Command {
  const program = new Command('mlpkit')
    .description('Reproduce the Keras MLP tutorials and train small MLPs on 2-D data')
    .version(cliVersion())
    .option('--verbose', 'print the stack trace of errors')
    .option('--no-color', 'no colour (colour is only used on a terminal anyway)')
    .showSuggestionAfterError(true)
    // Errors are printed once, as one line, by `main`; commander must not print or exit itself.
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  registerInfoCommands(program, term);
  registerDataCommand(program, term);
  registerTrainCommand(program, term);
  registerModelUseCommands(program, term);
  registerExperimentsCommand(program, term);
  return program;
}

/** Runs the CLI on `argv` (process.argv layout) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const term = createTerminal();
  const program = createProgram(term);
  if (argv.length <= 2) {
    program.outputHelp();
    return EXIT_OK;
  }
  try {
    await program.parseAsync([...argv]);
    return EXIT_OK;
  } catch (err) {
    const code = exitCodeFor(err);
    if (code === EXIT_OK) return code;
    const verbose = argv.includes('--verbose');
    term.note(`${term.err.red('mlpkit: error:')} ${oneLineMessage(err)}`);
    if (verbose && err instanceof Error && err.stack) term.note(term.err.dim(err.stack));
    return code;
  }
}
