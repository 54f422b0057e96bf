import { describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import type { ModelClient } from '../../src/adapters/model-types.js';
import { useFakeModel } from '../helpers/paper.js';

const fake = useFakeModel();

describe('modelKit', () => {
  it('the configuration from flags and the environment; an injected client is used as it is', () => {
    const client: ModelClient = { chat: async () => ({ content: 'x', refusal: null, toolCalls: [] }) };
    const kit = modelKit({ model: 'm', env: { OPENAI_BASE_URL: 'http://example' } }, client);
    expect(kit.client).toBe(client);
    expect(kit.config).toMatchObject({ baseURL: 'http://example', models: { agent: 'm', judge: 'm' } });
  });

  it('without one, the openai SDK against the configured server, loaded at the first call', async () => {
    fake.server().script([{ text: 'hello' }]);
    const kit = modelKit({ model: 'fake', baseUrl: fake.server().url, retries: 0, env: { OPENAI_API_KEY: 'sk-kit-test-1234' } });
    expect(fake.server().requests).toHaveLength(0);
    const answer = await kit.client.chat({ model: 'fake', messages: [{ role: 'user', content: 'hi' }] });
    expect(answer).toEqual({ content: 'hello', refusal: null, toolCalls: [] });
    expect(fake.server().requests[0]!.headers.authorization).toBe('Bearer sk-kit-test-1234');
  });
});
