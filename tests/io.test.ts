import { describe, expect, it } from 'vitest';
import { interruptedExitCode, NEVER, ProcessInterrupt, type SignalHost, skipNotice } from '../src/io.js';
import { buffer, cliEnv } from './helpers/cli.js';
import { until } from './helpers/ink.js';

/** A stand-in for the process: signals are sent by the test; exits and lines are kept. */
function host() {
  const listeners = new Map<NodeJS.Signals, (name: NodeJS.Signals) => void>();
  const exits: number[] = [];
  const said: string[] = [];
  const h: SignalHost = {
    on: (name, listener) => void listeners.set(name, listener),
    exit: (code) => void exits.push(code),
    say: (line) => void said.push(line),
  };
  return { h, exits, said, listening: () => [...listeners.keys()], send: (name: NodeJS.Signals) => listeners.get(name)?.(name) };
}

describe('interruptedExitCode', () => {
  it.each<[unknown, number]>([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    [undefined, 130], // no reason: as Ctrl+C
    [new Error('x'), 130],
  ])('%j → %d', (reason, code) => {
    const c = new AbortController();
    c.abort(reason);
    expect(interruptedExitCode(c.signal)).toBe(code);
  });
});

describe('ProcessInterrupt', () => {
  it('listens to nothing until watched; then to SIGINT, SIGTERM and SIGHUP, once however often watched', () => {
    const p = host();
    const i = new ProcessInterrupt(p.h, 50);
    expect(p.listening()).toEqual([]);
    expect(i.watch()).toBe(i.signal);
    i.watch();
    expect(p.listening()).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
    expect(i.signal.aborted).toBe(false);
    expect(i.stoppedWith).toBeNull();
  });

  it('a signal aborts the command\'s signal with its name; a command that ends in time exits its own way', async () => {
    const p = host();
    const i = new ProcessInterrupt(p.h, 60_000);
    i.watch();
    p.send('SIGTERM');
    expect(i.signal.aborted).toBe(true);
    expect(i.signal.reason).toBe('SIGTERM');
    expect(i.stoppedWith).toBe(143);
    expect(p.exits).toEqual([]); // the grace timer is far off and unref'd
  });

  it('a second signal exits at once, with the first one\'s code', () => {
    const p = host();
    const i = new ProcessInterrupt(p.h, 60_000);
    i.watch();
    p.send('SIGINT');
    p.send('SIGTERM');
    expect(p.exits).toEqual([130]);
  });

  it('a command that has not ended after the grace time: a line saying what is kept, then the exit', async () => {
    const p = host();
    const i = new ProcessInterrupt(p.h, 5);
    i.watch();
    p.send('SIGHUP');
    await until(() => p.exits.length === 1, 'the exit after the grace time', 30_000);
    expect(p.exits).toEqual([129]);
    expect(p.said).toEqual(['synthagent: stopped by SIGHUP before the command could end; what was recorded is kept, marked incomplete']);
  });
});

describe('NEVER and skipNotice', () => {
  it('NEVER never aborts', () => expect(NEVER.aborted).toBe(false));

  it('skipNotice says one safe stderr line per thing passed over', () => {
    const stderr = buffer();
    const say = skipNotice({ stdout: buffer(), stderr, env: cliEnv(), cwd: '/' });
    say('recs/pipe\n', 'a named pipe');
    expect(stderr.text()).toBe('synthagent: recs/pipe\\n: a named pipe\n');
  });
});
