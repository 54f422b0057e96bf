import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecording, RecordingWriter, type RecordingHeader } from '../../src/adapters/recording-file.js';
import type { Event } from '../../src/domain/events.js';
import type { SessionResult } from '../../src/domain/recording.js';
import { Task } from '../../src/domain/task.js';
import { UnreadableFileError, UserError } from '../../src/errors.js';

const exampleTask = Task.parse(
  JSON.parse(readFileSync(new URL('../../fixtures/tasks/travel/travel-rebook.json', import.meta.url), 'utf8')),
);

const header = (task: Task = exampleTask): RecordingHeader => ({
  id: 'rec-1',
  createdAt: '2026-01-02T03:04:05.000Z',
  task,
  taskSource: { bundled: task.id },
  roles: { agent: { kind: 'reference' }, user: { kind: 'sim' } },
});

const events: Event[] = [
  { seq: 0, type: 'user_message', text: 'Hi, my flight got cancelled.', reveals: [] },
  { seq: 1, type: 'agent_message', text: 'What is your booking reference?', question: true, asks: ['booking_id'] },
  { seq: 2, type: 'user_message', text: "It's BK-4411.", reveals: ['booking_id'] },
  { seq: 3, type: 'rubric_hit', item: 'asks-booking', kind: 'interaction', at: 2 },
  { seq: 4, type: 'tool_call', callId: 'c1', tool: 'get_booking', args: { booking_id: 'BK-4411' } },
  { seq: 5, type: 'tool_result', callId: 'c1', ok: true, result: { id: 'BK-4411', note: 'line\nbreak "quoted"' }, via: 'query' },
  { seq: 6, type: 'end', reason: 'agent_finished' },
];

const result: SessionResult = {
  score: 0.5,
  passed: false,
  end: 'agent_finished',
  hits: [{ item: 'asks-booking', kind: 'interaction', seq: 3 }],
  unjudged: [],
  sections: { policy: { met: 0, total: 0 }, subgoal: { met: 0, total: 1 }, interaction: { met: 1, total: 1 } },
  rewards: { paper: 0.5, released: 0.5 },
};

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A path in a fresh temp dir, under a folder that does not exist yet (create makes it). */
function tempFile(name = 'rec.json'): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthagent-rec-'));
  tempDirs.push(dir);
  return join(dir, 'nested', name);
}

/** Cuts the file in the middle of the line that holds the event with this seq. */
function truncateInsideEvent(file: string, seq: number): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`{"seq":${seq},`);
  expect(start).toBeGreaterThan(0);
  writeFileSync(file, text.slice(0, start + 15));
}

describe('RecordingWriter', () => {
  it('create, append and finish give a complete recording with every event', () => {
    const file = tempFile();
    const w = RecordingWriter.create(file, header());
    w.append(events.slice(0, 3));
    w.append([]);
    w.append(events.slice(3));
    w.finish(result);
    expect(w.closed).toBe(true);

    const rec = readRecording(file);
    expect(rec).toMatchObject({ format: 'synthagent.recording/1', id: 'rec-1', complete: true, result });
    expect(rec.events).toEqual(events);
    expect(rec.task).toEqual(exampleTask);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ complete: true });
  });

  it.each([0, 1, 3, events.length])('after %i appended events and no finish the file is valid JSON, incomplete', (n) => {
    const file = tempFile();
    const w = RecordingWriter.create(file, header());
    for (const e of events.slice(0, n)) w.append([e]);

    const raw = JSON.parse(readFileSync(file, 'utf8')) as { complete: boolean; result: unknown; events: unknown[] };
    expect(raw).toMatchObject({ complete: false, result: null });
    expect(raw.events).toEqual(events.slice(0, n));
    expect(readRecording(file)).toMatchObject({ complete: false, events: events.slice(0, n) });
    w.finish(null, false);
  });

  it('finish with complete=false keeps the recording incomplete', () => {
    const file = tempFile();
    const w = RecordingWriter.create(file, header());
    w.append(events.slice(0, 2));
    w.finish(null, false);
    expect(readRecording(file)).toMatchObject({ complete: false, result: null, events: events.slice(0, 2) });
  });
});

describe('readRecording', () => {
  const written = (task: Task = exampleTask): string => {
    const file = tempFile();
    const w = RecordingWriter.create(file, header(task));
    w.append(events);
    w.finish(result);
    return file;
  };

  it('recovers a file cut inside its first event as a recording with no events', () => {
    const file = written();
    truncateInsideEvent(file, 0);
    expect(readRecording(file)).toMatchObject({ id: 'rec-1', complete: false, result: null, events: [] });
  });

  // Regression (fixed): append() writes the separating comma at the END of each event line ("{…},\n{…}"), but
  // recoverTruncated only strips a comma at the START of a line, so JSON.parse fails on the first
  // line of any file with two or more events and the recovery keeps no events at all.
  it('recovers a file cut in the middle of an event line up to the previous event', () => {
    for (const cut of [1, 4, 6]) {
      const file = written();
      truncateInsideEvent(file, cut);
      expect(readRecording(file), `cut inside event ${cut}`).toMatchObject({
        id: 'rec-1',
        complete: false,
        result: null,
        events: events.slice(0, cut),
      });
    }
    const file = written();
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('"complete":') + 13));
    expect(readRecording(file), 'cut inside the closing tail').toMatchObject({ complete: false, result: null, events });
  });

  // Regression (fixed): recoverTruncated finds the end of the header with text.indexOf(',"events":['), which first
  // matches inside the task's world when the world has an "events" key (a calendar task, say).
  it('recovers a cut file whose task world has an "events" key', () => {
    const task = Task.parse({ ...exampleTask, world: { calendar: 'work', events: [{ at: '09:00' }] } });
    const file = written(task);
    truncateInsideEvent(file, 4);

    const rec = readRecording(file);
    expect(rec).toMatchObject({ complete: false, events: events.slice(0, 4) });
    expect(rec.task.world).toEqual(task.world);
  });

  it.each<[string, string, RegExp]>([
    ['garbage', 'this is not json {', /not a recording: invalid JSON/],
    ['an empty file', '', /invalid JSON/],
    ['another format', JSON.stringify({ format: 'synthagent.task/1', id: 'x' }), /format: not a synthagent\.recording\/1 file/],
    ['no format', JSON.stringify({ id: 'x', events: [] }), /format: not a synthagent\.recording\/1 file/],
    ['a bad event', JSON.stringify({ format: 'synthagent.recording/1', ...header(), events: [{ seq: 0, type: 'shout' }], result: null, complete: true }), /events\[0\]/],
  ])('rejects %s with a UserError naming the file', (_name, text, message) => {
    const file = tempFile();
    const w = RecordingWriter.create(file, header());
    w.finish(null, false);
    writeFileSync(file, text);

    let thrown: unknown;
    try {
      readRecording(file);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).message.startsWith(`${file}: `)).toBe(true);
    expect((thrown as UserError).message).toMatch(message);
  });

  it('rejects a missing file with a UserError naming it', () => {
    const file = tempFile('missing.json');
    expect(() => readRecording(file)).toThrowError(new UnreadableFileError(file, 'no such file'));
  });
});
