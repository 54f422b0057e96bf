import { readFileSync } from 'node:fs';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import type { ModelClient } from '../../src/adapters/model-types.js';
import { importVerlRecord } from '../../src/domain/import-verl.js';
import type { Task } from '../../src/domain/task.js';
import { afterEach, beforeEach } from 'vitest';
import { type FakeOpenAI, type Reply, startFakeOpenAI } from './fake-openai.js';
import type { ActContext, AgentRole, UserRole } from '../../src/roles/role.js';

/** A record of the paper sample, imported (the first: 2 policy criteria, 7 sub-goals, a table of interactions). */
export function paperTask(index = 0): Task {
  const records = JSON.parse(readFileSync(new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url), 'utf8')) as unknown[];
  const out = importVerlRecord(records[index]);
  if (!out.ok) throw new Error(out.error);
  return out.value;
}

/** A fake OpenAI server per test, and a client of it (no retries). Call at the top level of a test file. */
export function useFakeModel(): { server: () => FakeOpenAI; client: (over?: { retries?: number; timeout?: number; key?: string; cache?: string }) => ModelClient } {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });
  return {
    server: () => server,
    client: (over = {}) =>
      openaiModelClient({
        ...modelConfig({ baseUrl: server.url, model: 'fake', retries: over.retries ?? 0, timeout: over.timeout ?? 5 }, {}),
        apiKey: over.key ?? 'sk-test-key-123456',
        cacheFile: over.cache ?? null,
      }),
  };
}

export const say = (text: string): Reply => ({ text });
export const calls = (...c: [string, object | string][]): Reply => ({ toolCalls: c.map(([name, args]) => ({ name, arguments: args })) });

/** The role with the progress hook the TUI gives it; every partial text lands in `seen`. */
export function withProgress<R extends AgentRole | UserRole>(role: R, seen: string[]): R {
  const act = role.act as (input: unknown, ctx: ActContext) => Promise<unknown>;
  return { ...role, act: (input: unknown, ctx: ActContext) => act(input, { ...ctx, progress: (text) => void seen.push(text) }) } as R;
}
