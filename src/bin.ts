#!/usr/bin/env node
// The `synthagent` command: the CLI (src/cli.ts) on this process's streams, environment and folder.
import { main } from './cli.js';
import { processIo } from './io.js';

// A reader that stops early (`| head`) is not an error. Any other failure to write the output (a full
// disk, `> /dev/full`) is one line on stderr and exit 1, not a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === process.stdout) {
      const why = err.code === 'ENOSPC' ? 'no space left on the device' : err.code === 'EIO' ? 'input/output error' : (err.code ?? err.message);
      try {
        process.stderr.write(`synthagent: cannot write the output: ${why}\n`);
      } catch {
        // stderr is gone too: the exit code is all that is left.
      }
    }
    process.exit(1);
  });
}

const io = processIo();
const code = await main(process.argv.slice(2), io);
// A command stopped by a signal has ended its own way; what it leaves behind (a model call's retry wait,
// an idle child) must not keep the process alive.
if (io.interrupt.stoppedWith !== null) process.exit(code);
process.exitCode = code;
