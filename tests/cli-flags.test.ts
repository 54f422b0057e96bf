import { describe, expect, it } from 'vitest';
import { checkFlags, decimal, ExportFlagsSchema, MAX_TIMER_SECONDS, ModelFlagsSchema, oneOf, parseArgsOptions, RunFlagsSchema, ServeFlagsSchema, wholeNumber } from '../src/cli-flags.js';
import { userErrorMessage } from './helpers/errors.js';

describe('wholeNumber(1, 1000)', () => {
  const n = wholeNumber(1, 1000);
  it.each<[string, number | null]>([
    ['1', 1],
    ['1000', 1000],
    ['007', 7],
    ['0', null],
    ['1001', null],
    ['-1', null],
    ['1.5', null],
    ['0x10', null],
    ['1e3', null],
    [' 5', null],
    ['', null],
    ['1234567890123456', null], // more than 15 digits
  ])('%j → %j', (text, value) => {
    const parsed = n.safeParse(text);
    expect(parsed.success ? parsed.data : null).toBe(value);
  });
});

describe('decimal', () => {
  const share = decimal('a number from 0 to 1', (x) => x >= 0 && x <= 1);
  it.each<[string, number | null]>([
    ['0', 0],
    ['1', 1],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['1.', 1],
    ['1.01', null],
    ['-0.5', null],
    ['1e-1', null],
    ['Infinity', null],
    ['NaN', null],
    ['', null],
  ])('%j → %j', (text, value) => {
    const parsed = share.safeParse(text);
    expect(parsed.success ? parsed.data : null).toBe(value);
  });
});

describe('oneOf', () => {
  it('accepts only its words and names them in the message', () => {
    const mode = oneOf(['item', 'whole'] as const);
    expect(mode.safeParse('whole').success).toBe(true);
    const bad = mode.safeParse('Whole');
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.message).toBe('item or whole');
  });
});

describe('parseArgsOptions', () => {
  it('a switch is boolean, a flag with a value is a string; -m and -t are short for --model and --task', () => {
    const options = parseArgsOptions(RunFlagsSchema);
    expect(options.json).toEqual({ type: 'boolean' });
    expect(options.trials).toEqual({ type: 'string' });
    expect(options.model).toEqual({ type: 'string', short: 'm' });
    expect(options.task).toEqual({ type: 'string', short: 't' });
    expect(options['no-record']).toEqual({ type: 'boolean' });
    expect(Object.keys(options)).toEqual(Object.keys(RunFlagsSchema.shape));
  });
});

describe('checkFlags', () => {
  it('gives typed values: numbers as numbers, absent flags absent', () => {
    expect(checkFlags('run', RunFlagsSchema, { trials: '3', concurrency: '2', json: true, timeout: '1.5' })).toEqual({ trials: 3, concurrency: 2, json: true, timeout: 1.5 });
    expect(checkFlags('run', RunFlagsSchema, {})).toEqual({});
  });

  it.each<[string, Parameters<typeof checkFlags>[1], Record<string, unknown>, string]>([
    ['run', RunFlagsSchema, { trials: '0' }, 'run: --trials 0: must be a whole number from 1 to 1000'],
    ['run', RunFlagsSchema, { concurrency: '65' }, 'run: --concurrency 65: must be a whole number from 1 to 64'],
    ['run', ModelFlagsSchema, { timeout: '0' }, `run: --timeout 0: must be a number of seconds > 0 and at most ${MAX_TIMER_SECONDS}`],
    ['run', ModelFlagsSchema, { timeout: String(MAX_TIMER_SECONDS + 1) }, `run: --timeout ${MAX_TIMER_SECONDS + 1}: must be a number of seconds > 0 and at most ${MAX_TIMER_SECONDS}`],
    ['run', ModelFlagsSchema, { 'judge-mode': 'all' }, 'run: --judge-mode all: must be item or whole'],
    ['export', ExportFlagsSchema, { 'min-score': 'high' }, 'export: --min-score high: must be a number from 0 to 1'],
    ['serve', ServeFlagsSchema, { port: '65536' }, 'serve: --port 65536: must be a whole number from 0 to 65535'],
    // A value with spaces or quotes is shown as JSON, so the line stays readable.
    ['run', RunFlagsSchema, { trials: 'two trials' }, 'run: --trials "two trials": must be a whole number from 1 to 1000'],
    ['run', RunFlagsSchema, { trials: '"3"' }, 'run: --trials "\\"3\\"": must be a whole number from 1 to 1000'],
  ])('%s %j', (command, schema, values, expected) => expect(userErrorMessage(() => checkFlags(command, schema, values))).toBe(expected));

  it('names the first bad flag only', () => {
    expect(userErrorMessage(() => checkFlags('run', RunFlagsSchema, { trials: 'x', concurrency: 'y' }))).toMatch(/^run: --trials x: /);
  });

  it('the largest timeout Node can wait for is accepted', () => {
    expect(checkFlags('run', ModelFlagsSchema, { timeout: String(MAX_TIMER_SECONDS) }).timeout).toBe(MAX_TIMER_SECONDS);
    expect(MAX_TIMER_SECONDS * 1000).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
