import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it } from 'vitest';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { forkPoint } from '../../src/adapters/fork.js';
import { IndexEntry, RecordingStore } from '../../src/adapters/recording-store.js';
import { recordingsCommand } from '../../src/commands/show.js';
import { parseRoleSpec } from '../../src/roles/role-spec.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { ViewerScreen } from '../../src/ui/screens/ViewerScreen.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { SessionController, type SessionSnapshot } from '../../src/ui/session-controller.js';
import { buffer } from '../helpers/cli.js';
import { frameWhere } from '../helpers/ink.js';
import { renderInTerminal } from './render-in-terminal.js';
import { exampleTask } from '../helpers/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'synthagent-fork-label-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recordings = join(dir, 'recordings');

/** A reference session on the example task, recorded in the store; resolves with its snapshot at the end. */
async function recorded(fork?: ReturnType<typeof forkPoint>): Promise<{ controller: SessionController; end: SessionSnapshot; frames: string[] }> {
  const taskFile = join(dir, 'task.json');
  writeFileSync(taskFile, JSON.stringify(exampleTask()));
  const task = fork ? fork.rec.task : exampleTask();
  const controller = new SessionController(
    { loaded: fork ? { task, file: fork.file, source: fork.rec.taskSource ?? { file: fork.file } } : { task, file: taskFile, source: { file: taskFile } }, agent: parseRoleSpec('agent', 'reference'), user: parseRoleSpec('user', 'sim'), record: 'store', fork },
    { caches: new RunCaches(), store: new RecordingStore(recordings) },
  );
  const ended: SessionSnapshot[] = [];
  const inst = render(<SessionScreen controller={controller} player="none" others={{ agent: 'reference', user: 'sim' }} onEnd={(s) => ended.push(s)} />);
  const frames: string[] = [];
  try {
    await frameWhere(inst.lastFrame, (f) => (frames.push(f), ended.length === 1), 'the end', 10_000);
  } finally {
    inst.unmount();
  }
  return { controller, end: ended[0]!, frames };
}

describe('fork labels', () => {
  it('a forked session says "fork of ID at seq N" in its title; `recordings` lists it so, the parent plainly', async () => {
    const parent = await recorded();
    expect(parent.controller.fork).toBeNull();
    expect(parent.frames.join('\n')).not.toContain('fork of');
    const parentFile = parent.end.recordingFile!;
    const fork = forkPoint(parentFile, '3');
    const parentId = fork.rec.id;

    const child = await recorded(fork);
    const label = `fork of ${parentId} at seq ${fork.at}`;
    expect(child.controller.fork).toBe(label);
    // The card says it under its title (the session's title bar), whole.
    expect(child.frames.some((f) => {
      const lines = f.split('\n');
      const title = lines.findIndex((l) => l.includes(exampleTask().title));
      return title >= 0 && lines.slice(title + 1, title + 3).map((l) => l.split('│')[1]?.trim() ?? '').join(' ').includes(label);
    })).toBe(true);

    const out = buffer();
    expect(recordingsCommand(recordings, false, { stdout: out, stderr: buffer(), env: {}, cwd: dir })).toBe(0);
    const lines = out.text().split('\n');
    const childLine = lines.find((l) => l.includes(child.end.recordingFile!.split('/').pop()!))!;
    const parentLine = lines.find((l) => l.includes(parentFile.split('/').pop()!))!;
    expect(childLine).toContain(label);
    expect(parentLine).not.toContain('fork of');

    const json = buffer();
    recordingsCommand(recordings, true, { stdout: json, stderr: buffer(), env: {}, cwd: dir });
    const entries = JSON.parse(json.text()) as IndexEntry[];
    expect(entries.find((e) => e.fork)?.fork).toEqual({ of: parentId, at: fork.at });

    // The viewer of the fork says it too, on the row under its header, and still fits the terminal.
    const viewer = renderInTerminal(<ViewerScreen rec={readRecording(child.end.recordingFile!)} file={child.end.recordingFile!} onFork={() => {}} onQuit={() => {}} />, 80, 24);
    try {
      const frame = await frameWhere(viewer.lastFrame, (f) => stripVTControlCharacters(f).startsWith('step 1/'), 'the viewer');
      const rows = stripVTControlCharacters(frame).split('\n');
      expect(rows[1]).toBe(label);
      expect(rows.length).toBeLessThan(24);
      expect(rows.at(-1)).toMatch(/q quit$/);
    } finally {
      viewer.unmount();
    }
    const plain = renderInTerminal(<ViewerScreen rec={readRecording(parentFile)} file={parentFile} onFork={() => {}} onQuit={() => {}} />, 80, 24);
    try {
      expect(await frameWhere(plain.lastFrame, (f) => stripVTControlCharacters(f).startsWith('step 1/'), 'the viewer')).not.toContain('fork of');
    } finally {
      plain.unmount();
    }
  });

  it('an index entry written before forks were indexed still reads', () => {
    const old = { id: 'x', file: 'x.json', task: 't', agent: 'reference', user: 'sim', createdAt: '2026-01-01T00:00:00Z', score: 1, passed: true, end: 'agent_finished', complete: true, events: 5 };
    const parsed = IndexEntry.safeParse(old);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.fork).toBeUndefined();
  });
});
