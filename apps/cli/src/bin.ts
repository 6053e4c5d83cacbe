#!/usr/bin/env node
import { main } from './main.js';

const code = await main(process.argv);
// Exit explicitly: TF.js backends may keep handles open. stdout/stderr writes to files and pipes
// are synchronous on POSIX, so nothing is lost.
process.exit(code);
