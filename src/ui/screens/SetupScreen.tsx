import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';
import { loadAgentScript, loadUserScript } from '../../adapters/script-files.js';
import { usesJudge } from '../../domain/rubric-nodes.js';
import type { Task } from '../../domain/task.js';
import { errorMessage } from '../../errors.js';
import { InputLine } from '../components/InputLine.js';
import { wrapText } from '../format.js';
import { useTerminalSize } from '../use-width.js';

export interface RoleChoiceText {
  agent: string;
  user: string;
  /** A person answers simulated tools / decides judge items. */
  people: { tools: boolean; judge: boolean };
}

interface Option {
  value: string;
  label: string;
  hint: string;
}

type Models = Record<'agent' | 'user' | 'judge' | 'tool', string | null>;

/** The sides the setup asks about, in order: the two roles, then the tool simulator and the judge when the task has them. */
type Side = 'agent' | 'user' | 'tools' | 'judge';

function optionsFor(side: Side, task: Task, models: Models): Option[] {
  switch (side) {
    case 'agent':
      return [
        { value: 'human', label: 'human', hint: 'you play the agent: talk, call tools, finish' },
        ...(task.reference ? [{ value: 'reference', label: 'reference', hint: "watch the task's reference solution" }] : []),
        ...(models.agent ? [{ value: 'model', label: 'model', hint: `${models.agent} plays the agent` }] : []),
        { value: 'script', label: 'script', hint: 'an agent script file ([{"say"}, {"call","args"}, {"finish"}])' },
      ];
    case 'user':
      return [
        { value: 'sim', label: 'sim', hint: 'the rule user simulator (reveals facts when asked)' },
        { value: 'human', label: 'human', hint: 'you play the user: your goal and facts in view' },
        ...(models.user ? [{ value: 'model', label: 'model', hint: `${models.user} plays the user` }] : []),
        { value: 'script', label: 'script', hint: 'a user script file ([{"say"}, {"stop": true}])' },
      ];
    case 'tools':
      return [
        ...(models.tool ? [{ value: 'model', label: 'model', hint: `${models.tool} answers simulated tools (cached)` }] : []),
        { value: 'human', label: 'human', hint: 'you answer each new simulated call in a form (checked, cached for the next run)' },
        ...(models.tool ? [] : [{ value: 'none', label: 'nobody', hint: "calls fall through to the mock's default (often an error)" }]),
      ];
    case 'judge':
      return [
        ...(models.judge ? [{ value: 'model', label: 'model', hint: `${models.judge} judges the judge items` }] : []),
        { value: 'human', label: 'human', hint: 'at the end you decide each judge item: met / not met / skip, with a reason' },
        ...(models.judge ? [] : [{ value: 'none', label: 'nobody', hint: 'judge items stay unjudged (left out of the score)' }]),
      ];
  }
}

const QUESTION: Record<Side, string> = {
  agent: 'Who plays the agent?',
  user: 'Who plays the user?',
  tools: 'This task has simulated tools. Who answers them?',
  judge: 'This task has judge items. Who judges them?',
};

interface Setup {
  step: number;
  kind: 'choose' | 'file';
  index: number;
  chosen: Partial<Record<Side, string>>;
  /** What was typed for each script file, kept when going back. */
  files: Partial<Record<'agent' | 'user', string>>;
  error: string;
}

/**
 * Role setup: the agent, the user, then — when the task has them — who answers simulated tools and who
 * judges the judge items (a person can play every side, so an imported paper task is playable with no
 * model). ↑/↓ Enter; Esc goes back a step. A script file is read when its path is entered: a bad one is
 * said there and its path stays in the line. The state lives in a ref: keys arriving in one chunk
 * (↓ then Enter) must each see the one before.
 */
export function SetupScreen({ task, models, onStart, onBack }: { task: Task; models: Models; onStart: (roles: RoleChoiceText) => void; onBack: () => void }) {
  const sides: Side[] = ['agent', 'user', ...(task.tools.some((t) => t.mock.simulate) ? (['tools'] as const) : []), ...(usesJudge(task) ? (['judge'] as const) : [])];
  const setup = useRef<Setup>({ step: 0, kind: 'choose', index: 0, chosen: {}, files: {}, error: '' });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const { width } = useTerminalSize();
  const set = (patch: Partial<Setup>): void => {
    setup.current = { ...setup.current, ...patch };
    rerender();
  };

  const choose = (value: string): void => {
    const s = setup.current;
    const side = sides[s.step]!;
    const chosen = { ...s.chosen, [side]: value };
    if (s.step + 1 < sides.length) return set({ step: s.step + 1, kind: 'choose', index: 0, chosen, error: '' });
    set({ chosen, error: '' });
    onStart({ agent: chosen.agent ?? 'human', user: chosen.user ?? 'sim', people: { tools: chosen.tools === 'human', judge: chosen.judge === 'human' } });
  };

  useInput(
    (_input, key) => {
      const s = setup.current;
      const options = optionsFor(sides[s.step]!, task, models);
      if (key.escape) return s.step > 0 ? set({ step: s.step - 1, kind: 'choose', index: 0, error: '' }) : onBack();
      if (key.upArrow) return set({ index: (s.index + options.length - 1) % options.length });
      if (key.downArrow || key.tab) return set({ index: (s.index + 1) % options.length });
      if (key.return) {
        const picked = options[s.index];
        if (!picked) return;
        if (picked.value === 'script') set({ kind: 'file', error: '' });
        else choose(picked.value);
      }
    },
    { isActive: setup.current.kind === 'choose' },
  );
  useInput((_i, key) => void (key.escape && set({ kind: 'choose', error: '' })), { isActive: setup.current.kind === 'file' });

  const { step, kind, index, chosen, files, error } = setup.current;
  const side = sides[step]!;
  const options = optionsFor(side, task, models);
  const done = sides.slice(0, step).map((s) => `${s === 'tools' ? 'tools' : s}: ${chosen[s] ?? ''}`);
  const scriptSide = side === 'agent' || side === 'user' ? side : null;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold wrap="truncate-end">
        {task.title} <Text color="gray">· {task.domain} · {task.id}</Text>
      </Text>
      {/* Wrapped, not cut: at 80 columns the later questions lost their end and the keys. */}
      <Text color="gray" wrap="wrap">
        {done.length ? `${done.join(' · ')}. ` : ''}
        {QUESTION[side]} (↑/↓, Enter; Esc back)
      </Text>
      {kind === 'choose' || !scriptSide
        ? options.map((o, i) => (
            <Text key={o.value} color={i === index ? 'cyan' : undefined} wrap="truncate-end">
              {i === index ? '❯ ' : '  '}
              <Text bold>{o.label.padEnd(10)}</Text>
              <Text color="gray">{o.hint}</Text>
            </Text>
          ))
        : (
          <InputLine
            key={`${scriptSide}-file`}
            prompt={`${scriptSide} script file`}
            history={[]}
            initial={files[scriptSide] ?? ''}
            width={width - 4}
            onSubmit={(text) => {
              const file = text.trim();
              if (!file) return false;
              set({ files: { ...setup.current.files, [scriptSide]: file } });
              try {
                if (scriptSide === 'agent') loadAgentScript(file);
                else loadUserScript(file);
              } catch (err) {
                // Said here, on this screen, with the path kept in the line to be fixed.
                set({ error: errorMessage(err) });
                return false;
              }
              choose(`script:${file}`);
              return true;
            }}
          />
        )}
      {error
        ? wrapText(error, Math.max(10, width - 4)).map((line, i) => (
            <Text key={i} color="red">
              {line}
            </Text>
          ))
        : null}
    </Box>
  );
}
