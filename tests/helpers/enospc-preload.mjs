// Preloaded into a CLI child (`node --import THIS dist/bin.js …`) by tests/cli/faults.test.ts to simulate a
// disk that fills up mid-session: after ENOSPC_AFTER_WRITES successful fs.writeSync calls on files
// (fd > 2), every further one fails with ENOSPC and writes nothing. syncBuiltinESMExports() makes the
// patch reach modules that imported `writeSync` by name.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const allowed = Number(process.env.ENOSPC_AFTER_WRITES ?? '0');
let writes = 0;
const writeSync = fs.writeSync;
fs.writeSync = function patchedWriteSync(fd, ...rest) {
  if (fd > 2 && ++writes > allowed) {
    const err = new Error('ENOSPC: no space left on device, write');
    Object.assign(err, { code: 'ENOSPC', errno: -28, syscall: 'write' });
    throw err;
  }
  return writeSync.call(this, fd, ...rest);
};
syncBuiltinESMExports();
