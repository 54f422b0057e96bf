import { UserError } from '../errors.js';

export type ModelPurpose = 'agent' | 'user' | 'judge' | 'tool';

/** Where model calls go. The API key is held here only and never written anywhere. */
export interface ModelConfig {
  baseURL: string | undefined;
  apiKey: string | undefined;
  /** Model per purpose; null when none is configured. */
  models: Record<ModelPurpose, string | null>;
  timeoutMs: number;
  maxRetries: number;
  /** The model-call cache file, or null (off). */
  cacheFile: string | null;
  /** `--judge-mode`: one judge question per `judge` item (default), or one whole-rubric judgment per session. */
  judgeMode: JudgeMode;
  /** `--prompts`: our prompts for the model roles (default), or the paper's conventions. */
  prompts: PromptProfile;
  /** `--tool-temperature`: the tool simulator's sampling temperature (default: ours 0, the paper's 0.9). */
  toolTemperature: number | null;
}

export type JudgeMode = 'item' | 'whole';
export type PromptProfile = 'ours' | 'paper';

export interface ModelFlags {
  model?: string;
  baseUrl?: string;
  agentModel?: string;
  userModel?: string;
  judgeModel?: string;
  toolModel?: string;
  /** Seconds per model call (checked by the CLI's flag schema). */
  timeout?: number;
  /** The SDK's retries. */
  retries?: number;
  cache?: boolean;
  judgeMode?: JudgeMode;
  prompts?: PromptProfile;
  toolTemperature?: number;
  /** Where OPENAI_BASE_URL, OPENAI_API_KEY and SYNTHAGENT_MODEL are read (the CLI's io.env); default the process's. */
  env?: NodeJS.ProcessEnv;
  /** Ctrl+C / SIGTERM (the CLI's io.interrupt): every model call in flight ends at once when it aborts. */
  stop?: AbortSignal;
}

export const DEFAULT_MODEL_CACHE = '.synthagent/model-cache.json';

/** Flags first, then OPENAI_BASE_URL / OPENAI_API_KEY / SYNTHAGENT_MODEL. */
export function modelConfig(flags: ModelFlags, env: NodeJS.ProcessEnv = flags.env ?? process.env): ModelConfig {
  const base = flags.model ?? env.SYNTHAGENT_MODEL ?? null;
  return {
    baseURL: flags.baseUrl ?? env.OPENAI_BASE_URL ?? undefined,
    apiKey: env.OPENAI_API_KEY ?? undefined,
    models: {
      agent: flags.agentModel ?? base,
      user: flags.userModel ?? base,
      judge: flags.judgeModel ?? base,
      tool: flags.toolModel ?? base,
    },
    timeoutMs: (flags.timeout ?? 60) * 1000,
    maxRetries: flags.retries ?? 2,
    cacheFile: flags.cache ? DEFAULT_MODEL_CACHE : null,
    judgeMode: flags.judgeMode ?? 'item',
    prompts: flags.prompts ?? 'ours',
    toolTemperature: flags.toolTemperature ?? null,
  };
}

/** The model for a purpose, or a clear error naming the flags that set it. */
export function requireModel(config: ModelConfig, purpose: ModelPurpose, why: string): string {
  const model = config.models[purpose];
  if (model) return model;
  throw new UserError(
    `${why} needs a model: pass --model NAME (or --${purpose}-model NAME) or set SYNTHAGENT_MODEL; ` +
      'for a local server also --base-url URL or OPENAI_BASE_URL',
  );
}

/** Removes the API key from any text that might reach a log, a recording or the screen. */
export function redact(text: string, config: Pick<ModelConfig, 'apiKey'>): string {
  const key = config.apiKey;
  if (!key || key.length < 4) return text;
  return text.split(key).join('[redacted]');
}
