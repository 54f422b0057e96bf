import { UserError } from '../errors.js';

export interface ImportFlags {
  from: string | undefined;
  out: string | undefined;
}

/** `synthagent import --from synthagent-verl FILE --out DIR` (being built). */
export async function importCommand(_files: string[], _flags: ImportFlags): Promise<number> {
  throw new UserError('import is not built yet');
}
