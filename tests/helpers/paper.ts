import { readFileSync } from 'node:fs';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import type { ModelClient } from '../../src/adapters/model-types.js';
import { importVerlRecord } from '../../src/domain/import-verl.js';
import type { Task } from '../../src/domain/task.js';
import { afterEach, beforeEach } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';

/** A record of the paper sample, imported (the first: 2 policy criteria, 7 sub-goals, a table of interactions). */
export function paperTask(index = 0): Task {
  const records = JSON.parse(readFileSync(new URL('../../fixtures/verl/synthagent-verl-sample.json', import.meta.url), 'utf8')) as unknown[];
  const out = importVerlRecord(records[index]);
  if (!out.ok) throw new Error(out.error);
  return out.value;
}

/** A fake OpenAI server per test, and a client of it (no retries). Call at the top level of a test file. */
export function useFakeModel(): { server: () => FakeOpenAI; client: () => ModelClient } {
  let server: FakeOpenAI;
  beforeEach(async () => {
    server = await startFakeOpenAI();
  });
  afterEach(async () => {
    await server.close();
  });
  return {
    server: () => server,
    client: () => openaiModelClient({ ...modelConfig({ baseUrl: server.url, model: 'fake', retries: 0, timeout: 5 }, {}), apiKey: 'sk-test-key-123456', cacheFile: null }),
  };
}
