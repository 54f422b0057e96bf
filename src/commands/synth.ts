import type { ModelFlags } from '../adapters/model-config.js';
import { UserError } from '../errors.js';

export interface SynthFlags {
  offline: boolean;
  seed: string | undefined;
  n: string | undefined;
  out: string | undefined;
  domain: string | undefined;
  json: boolean;
  models: ModelFlags;
}

/** `synthagent synth …` (being built). */
export async function synthCommand(_flags: SynthFlags): Promise<number> {
  throw new UserError('synth is not built yet');
}
