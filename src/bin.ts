#!/usr/bin/env node
// The `synthagent` command: the CLI (src/cli.ts) on this process's streams, environment and folder.
import { main } from './cli.js';
import { processIo } from './io.js';

// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2), processIo());
