import { UserError } from '../errors.js';

export interface ExportFlags {
  format: string | undefined;
  minScore: string | undefined;
  passed: boolean;
  out: string | undefined;
}

/** `synthagent export REC… --format chat-jsonl|verl` (being built). */
export async function exportCommand(_files: string[], _flags: ExportFlags): Promise<number> {
  throw new UserError('export is not built yet');
}
