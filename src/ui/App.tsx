import type { RewardProfile } from '../domain/rewards.js';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Box, Static, Text, useApp } from 'ink';
import { useState } from 'react';
import { forkPoint } from '../adapters/fork.js';
import { readRecording, writeRecording } from '../adapters/recording-file.js';
import type { LoadedTask } from '../adapters/task-files.js';
import type { Recording } from '../domain/recording.js';
import { errorMessage } from '../errors.js';
import type { ModelKit } from '../adapters/model-kit.js';
import type { RunCaches } from '../adapters/run-caches.js';
import { type PreparedSession, prepareSession, type SessionPlan } from './make-session.js';
import { EndScreen, type EndAction } from './screens/EndScreen.js';
import { PickerScreen } from './screens/PickerScreen.js';
import { SessionScreen } from './screens/SessionScreen.js';
import { SetupScreen } from './screens/SetupScreen.js';
import { ViewerScreen } from './screens/ViewerScreen.js';
import type { SessionSnapshot } from './session-controller.js';
import { makeDirs } from '../adapters/files.js';

type Screen =
  | { name: 'picker' }
  | { name: 'setup'; loaded: LoadedTask }
  | { name: 'session'; plan: SessionPlan; session: PreparedSession; key: number }
  | { name: 'end'; plan: SessionPlan; snap: SessionSnapshot; notice: string }
  | { name: 'viewer'; rec: Recording; file: string; roles: { agent: string; user: string }; back?: Screen };

export interface AppProps {
  tasks: readonly LoadedTask[];
  recordingsDir: string | null;
  goldenDir: string;
  kit: ModelKit;
  /** `--reward`: the end screen's headline reward (default paper). */
  reward?: RewardProfile;
  /** The caches every session of this playground shares. */
  caches: RunCaches;
  /** Who signs annotations made in the viewer (`by`). */
  annotator?: string;
  /** `--pace MS`: a watched session's ms between events (every session this playground opens). */
  pace?: number;
  /** Where to begin: the picker, the role setup or a session (play --task/--from), or the viewer (view REC). */
  start: { name: 'picker' } | { name: 'setup'; loaded: LoadedTask } | { name: 'session'; plan: SessionPlan } | { name: 'viewer'; rec: Recording; file: string; roles: { agent: string; user: string } };
}

let sessionKey = 0;

/** The playground: picker → setup → session → end (→ viewer → fork → session…). */
export function App({ tasks, recordingsDir, goldenDir, kit, caches, start, reward = 'paper', annotator = 'someone', pace }: AppProps) {
  const { exit } = useApp();
  const [error, setError] = useState('');
  const open = (plan: SessionPlan): Screen | null => {
    try {
      setError('');
      return { name: 'session', plan, session: prepareSession({ ...plan, pace: plan.pace ?? pace }), key: ++sessionKey };
    } catch (err) {
      setError(errorMessage(err));
      return null;
    }
  };
  const [screen, setScreen] = useState<Screen>(() => (start.name === 'session' ? (open(start.plan) ?? { name: 'picker' }) : start));
  const go = (next: Screen | null): void => void (next && setScreen(next));

  const body = (() => {
    switch (screen.name) {
      case 'picker':
        return <PickerScreen tasks={tasks} onPick={(loaded) => go({ name: 'setup', loaded })} onQuit={exit} />;
      case 'setup':
        return (
          <SetupScreen
            task={screen.loaded.task}
            onBack={() => go({ name: 'picker' })}
            models={kit.config.models}
            onStart={(roles) => go(open({ loaded: screen.loaded, ...roles, recordingsDir, kit, caches }))}
          />
        );
      case 'session':
        return (
          <SessionScreen
            key={screen.key}
            controller={screen.session.controller}
            player={screen.session.player}
            others={screen.session.others}
            onEnd={(snap) => go({ name: 'end', plan: screen.plan, snap, notice: '' })}
          />
        );
      case 'end': {
        const onAction = (action: EndAction): void => {
          const file = screen.snap.recordingFile;
          if (action === 'quit') return exit();
          if (action === 'again') return go(open({ ...screen.plan, fork: undefined }));
          if (!file) return;
          if (action === 'view') {
            try {
              go({ name: 'viewer', rec: readRecording(file), file, roles: { agent: screen.plan.agent, user: screen.plan.user }, back: screen });
            } catch (err) {
              setError(errorMessage(err));
            }
            return;
          }
          const target = join(goldenDir, screen.plan.loaded.task.id, `${screen.snap.state.task.id}-${Date.now().toString(36)}.json`);
          try {
            makeDirs(join(goldenDir, screen.plan.loaded.task.id));
            copyFileSync(file, target);
            go({ ...screen, notice: `promoted to ${target}; npm test now replays it` });
          } catch (err) {
            setError(`could not promote: ${errorMessage(err)}`);
          }
        };
        return <EndScreen snap={screen.snap} notice={screen.notice} onAction={onAction} reward={reward} />;
      }
      case 'viewer':
        return (
          <ViewerScreen
            rec={screen.rec}
            file={screen.file}
            error={error}
            // Opened from the end screen, q goes back there; `synthagent view` quits.
            onQuit={screen.back ? () => go(screen.back!) : exit}
            backLabel={screen.back ? 'back' : 'quit'}
            onAnnotate={(a) => {
              // Kept in the recording itself (SPEC §4 `annotations`); replay and rescore keep them.
              const rec: Recording = { ...screen.rec, annotations: [...(screen.rec.annotations ?? []), { ...a, by: annotator }] };
              try {
                writeRecording(screen.file, rec);
                setError('');
                go({ ...screen, rec });
              } catch (err) {
                setError(`could not save the annotation: ${errorMessage(err)}`);
              }
            }}
            onFork={(at) => {
              const fork = forkPoint(screen.file, String(at), screen.rec);
              const loaded: LoadedTask = { task: screen.rec.task, file: screen.file, source: screen.rec.taskSource ?? { file: screen.file } };
              go(open({ loaded, agent: screen.roles.agent, user: screen.roles.user, recordingsDir, fork, kit, caches }));
            }}
          />
        );
    }
  })();

  return (
    <Box flexDirection="column">
      {/* Ink 6.8 keeps a reference to the last <Static> created and, at every render after it is unmounted,
          reads its freed layout (vadimdemedes/ink#979, fixed only in Ink 7, which needs Node 22): after a
          session its transcript's <Static> is gone, and a garbage height hung the program (the viewer
          opened from the end screen spun in Ink's output buffer). A screen without a <Static> of its own
          gets this empty one: created in the same commit that removes the session's, it takes that reference. */}
      {screen.name === 'session' ? null : <Static items={[]}>{() => null}</Static>}
      {body}
      {/* The viewer is as tall as the terminal allows: it shows the error in its own footer row. */}
      {error && screen.name !== 'viewer' ? <Text color="red">{error}</Text> : null}
    </Box>
  );
}
