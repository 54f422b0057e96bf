import type { ModelClient } from './model-client.js';
import { type ModelConfig, type ModelFlags, modelConfig } from './model-config.js';

/** Everything model-backed a session may use: the configuration and the client (injected, or the openai SDK's). */
export interface ModelKit {
  config: ModelConfig;
  /** The client; the openai SDK is loaded on the first model call only, so commands without models stay quick. */
  client: ModelClient;
}

/** A kit from flags and the environment; `client` replaces the openai client (tests, a server's own client). */
export function modelKit(flags: ModelFlags, client?: ModelClient): ModelKit {
  const config = modelConfig(flags);
  return { config, client: client ?? lazyOpenai(config, flags.stop) };
}

function lazyOpenai(config: ModelConfig, stop?: AbortSignal): ModelClient {
  let real: Promise<ModelClient> | null = null;
  const load = (): Promise<ModelClient> => (real ??= import('./model-client.js').then((m) => m.openaiModelClient(config, stop)));
  return { chat: async (req, ctx) => (await load()).chat(req, ctx) };
}
