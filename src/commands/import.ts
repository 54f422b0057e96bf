import type { CliIo } from '../io.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { importVerlRecords, splitVerlRecords } from '../domain/import-verl.js';
import { UserError } from '../errors.js';
import { writeJsonFile } from '../adapters/json-file.js';
import { makeDirs, readTextFile } from '../adapters/files.js';

export interface ImportFlags {
  from: string | undefined;
  out: string | undefined;
  /** Overwrite task files already in --out (without it, any such file stops the import before it writes). */
  force: boolean;
}

const SOURCES = ['synthagent-verl'];

/**
 * `synthagent import --from synthagent-verl FILE… --out DIR [--force]`: each record to `<DIR>/<id>.json`. A record
 * that does not import is one line on stderr and is skipped; exit 1 only when nothing imported.
 */
export async function importCommand(files: string[], flags: ImportFlags, io: CliIo): Promise<number> {
  if (flags.from === undefined) throw new UserError(`import: --from is required (${SOURCES.join(', ')})`);
  if (!SOURCES.includes(flags.from)) throw new UserError(`import: unknown --from "${flags.from}" (known: ${SOURCES.join(', ')})`);
  if (flags.out === undefined) throw new UserError('import: --out DIR is required (where the task files go)');
  if (files.length === 0) throw new UserError('import: give the file of records to import');
  // Every file is read and split before anything is written: a bad file is bad usage, not half an import.
  const inputs = files.map((file) => {
    const split = splitVerlRecords(readTextFile(file));
    if (!split.ok) throw new UserError(`${file}: ${split.error}`);
    return { file, records: split.value };
  });
  try {
    makeDirs(flags.out);
  } catch (err) {
    throw new UserError(`${flags.out}: cannot create the folder: ${(err as Error).message}`);
  }

  const taken = new Set<string>();
  const imports = inputs.map(({ file, records }) => ({ file, ...importVerlRecords(records, taken) }));
  const targets = imports.flatMap((i) => i.tasks.map(({ task }) => ({ file: join(flags.out!, `${task.id}.json`), task })));
  const existing = targets.filter((t) => existsSync(t.file));
  if (existing.length > 0 && !flags.force) {
    throw new UserError(`import: ${existing[0]!.file}${existing.length > 1 ? ` and ${existing.length - 1} more` : ''} already exist; nothing written (add --force to overwrite)`);
  }
  let skipped = 0;
  let warned = 0;
  for (const { file, problems, tasks } of imports) {
    for (const p of problems) io.stderr.write(`${file}: [${p.index}] ${p.id ?? '(no id)'}: ${p.message}\n`);
    // Imported, but worth knowing: a record without background, or with the teacher's working in it.
    for (const t of tasks) for (const w of t.warnings) io.stderr.write(`${file}: [${t.index}] ${t.task.origin?.id ?? t.task.id}: warning: ${w}\n`);
    warned += tasks.filter((t) => t.warnings.length > 0).length;
    skipped += problems.length;
  }
  for (const { file, task } of targets) writeJsonFile(file, task);
  const imported = targets.length;
  io.stdout.write(`${imported} imported${warned ? ` (${warned} with warnings)` : ''}, ${skipped} skipped → ${flags.out}\n`);
  return imported > 0 ? 0 : 1;
}

