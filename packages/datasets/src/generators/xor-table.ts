import { defineDataset, seedParam } from '../params.js';
import type { Dataset } from '../types.js';

export interface XorTableOptions {
  /** Accepted so every generator takes the same options object; the table is fixed. */
  seed?: number;
}

type Params = { seed: number };

function build({ seed }: Params): Dataset {
  return {
    name: 'xor-table',
    x: Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
    y: Int32Array.from([0, 1, 1, 0]),
    features: 2,
    classes: 2,
    params: { seed },
  };
}

export const xorTableEntry = defineDataset<Params>({
  name: 'xor-table',
  title: 'XOR truth table',
  description: 'Tutorial 004: the 4 points [0,0], [0,1], [1,0], [1,1] with labels 0, 1, 1, 0. The seed is accepted for a uniform interface and ignored.',
  classes: 2,
  params: [{ ...seedParam, description: 'Accepted for a uniform interface; the table is fixed.' }],
  build,
});

/** The XOR truth table (tutorial 004). */
export function xorTable(o: XorTableOptions = {}): Dataset {
  return xorTableEntry.generate({ ...o });
}
