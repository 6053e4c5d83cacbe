// seedrandom's ARC4 generator alone: its main module also bundles five other algorithms
// (alea, xor128, xorwow, xorshift7, xor4096, tychei) that mlpkit's datasets never use.
declare module 'seedrandom/seedrandom.js' {
  import seedrandom from 'seedrandom';
  export default seedrandom;
}
