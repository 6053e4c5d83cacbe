#!/usr/bin/env node
import { finish, install } from './lifecycle.js';
import { main } from './main.js';

install();
const code = await main(process.argv);
// Never process.exit() with writes pending: finish() waits until stdout and stderr are flushed
// (a pipe takes 64 KiB at a time), then exits (TF.js backends may keep handles open).
await finish(code);
