import type { CliIo } from '../io.js';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importVerlRecords, splitVerlRecords } from '../domain/import-verl.js';
import { SystemError, UserError } from '../errors.js';
import { makeDirs } from '../adapters/files.js';

export interface ImportFlags {
  from: string | undefined;
  out: string | undefined;
}

const SOURCES = ['synthagent-verl'];

/**
 * `synthagent import --from synthagent-verl FILE… --out DIR`: each record to `<DIR>/<id>.json`. A record
 * that does not import is one line on stderr and is skipped; exit 1 only when nothing imported.
 */
export async function importCommand(files: string[], flags: ImportFlags, io: CliIo): Promise<number> {
  if (flags.from === undefined) throw new UserError(`import: --from is required (${SOURCES.join(', ')})`);
  if (!SOURCES.includes(flags.from)) throw new UserError(`import: unknown --from "${flags.from}" (known: ${SOURCES.join(', ')})`);
  if (flags.out === undefined) throw new UserError('import: --out DIR is required (where the task files go)');
  if (files.length === 0) throw new UserError('import: give the file of records to import');
  // Every file is read and split before anything is written: a bad file is bad usage, not half an import.
  const inputs = files.map((file) => {
    const split = splitVerlRecords(readText(file));
    if (!split.ok) throw new UserError(`${file}: ${split.error}`);
    return { file, records: split.value };
  });
  try {
    makeDirs(flags.out);
  } catch (err) {
    throw new UserError(`${flags.out}: cannot create the folder: ${(err as Error).message}`);
  }

  const taken = new Set<string>();
  let imported = 0;
  let skipped = 0;
  for (const { file, records } of inputs) {
    const { tasks, problems } = importVerlRecords(records, taken);
    for (const p of problems) io.stderr.write(`${file}: [${p.index}] ${p.id ?? '(no id)'}: ${p.message}\n`);
    for (const { task } of tasks) writeTaskFile(join(flags.out, `${task.id}.json`), task);
    imported += tasks.length;
    skipped += problems.length;
  }
  io.stdout.write(`${imported} imported, ${skipped} skipped → ${flags.out}\n`);
  return imported > 0 ? 0 : 1;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: cannot read: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (err as Error).message}`);
  }
}

function writeTaskFile(file: string, task: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(task, null, 2)}\n`);
    renameSync(tmp, file);
  } catch (err) {
    throw new SystemError(`${file}: cannot write: ${(err as Error).message}`);
  }
}
