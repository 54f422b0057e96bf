import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CACHE, modelConfig, redact, requireModel } from '../../src/adapters/model-config.js';
import { UserError } from '../../src/errors.js';

describe('modelConfig', () => {
  it('with no flags and an empty environment: no models, defaults for the rest', () => {
    expect(modelConfig({}, {})).toEqual({
      baseURL: undefined,
      apiKey: undefined,
      models: { agent: null, user: null, judge: null, tool: null },
      timeoutMs: 60_000,
      maxRetries: 2,
      cacheFile: null,
      judgeMode: 'item',
      prompts: 'ours',
      toolTemperature: null,
    });
  });

  it.each<[string, Parameters<typeof modelConfig>[0], NodeJS.ProcessEnv, Record<string, string | null>]>([
    ['SYNTHAGENT_MODEL for every purpose', {}, { SYNTHAGENT_MODEL: 'env-m' }, { agent: 'env-m', user: 'env-m', judge: 'env-m', tool: 'env-m' }],
    ['--model over SYNTHAGENT_MODEL', { model: 'flag-m' }, { SYNTHAGENT_MODEL: 'env-m' }, { agent: 'flag-m', user: 'flag-m', judge: 'flag-m', tool: 'flag-m' }],
    ['a purpose flag over --model', { model: 'm', judgeModel: 'j', toolModel: 't' }, {}, { agent: 'm', user: 'm', judge: 'j', tool: 't' }],
    ['a purpose flag alone sets only its purpose', { agentModel: 'a' }, {}, { agent: 'a', user: null, judge: null, tool: null }],
  ])('%s', (_name, flags, env, models) => expect(modelConfig(flags, env).models).toEqual(models));

  it('reads the base URL and key from the environment (a flag wins for the URL), converts seconds to ms', () => {
    const c = modelConfig({ timeout: 1.5, retries: 0, cache: true, judgeMode: 'whole', prompts: 'paper', toolTemperature: 0 }, { OPENAI_BASE_URL: 'http://env', OPENAI_API_KEY: 'sk-x' });
    expect(c).toMatchObject({ baseURL: 'http://env', apiKey: 'sk-x', timeoutMs: 1500, maxRetries: 0, cacheFile: DEFAULT_MODEL_CACHE, judgeMode: 'whole', prompts: 'paper', toolTemperature: 0 });
    expect(modelConfig({ baseUrl: 'http://flag' }, { OPENAI_BASE_URL: 'http://env' }).baseURL).toBe('http://flag');
  });

  it('reads flags.env when no environment is given', () => {
    expect(modelConfig({ env: { SYNTHAGENT_MODEL: 'from-io' } }).models.agent).toBe('from-io');
  });
});

describe('requireModel', () => {
  const config = modelConfig({ judgeModel: 'j' }, {});
  it('gives the model of the purpose', () => expect(requireModel(config, 'judge', 'x')).toBe('j'));
  it('names the flags that set it when there is none', () => {
    expect(() => requireModel(config, 'tool', '--tools model')).toThrow(UserError);
    expect(() => requireModel(config, 'tool', '--tools model')).toThrow(/^--tools model needs a model: pass --model NAME \(or --tool-model NAME\) or set SYNTHAGENT_MODEL/);
  });
});

describe('redact', () => {
  it.each<[string, string | undefined, string]>([
    ['error: key sk-secret-1 refused; sk-secret-1 again', 'sk-secret-1', 'error: key [redacted] refused; [redacted] again'],
    ['nothing to hide', 'sk-secret-1', 'nothing to hide'],
    ['no key set: abc', undefined, 'no key set: abc'],
    ['a key too short to redact safely: abc abc', 'abc', 'a key too short to redact safely: abc abc'],
  ])('%j', (text, apiKey, expected) => expect(redact(text, { apiKey })).toBe(expected));
});
