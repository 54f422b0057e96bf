import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { Task } from '../../domain/task.js';
import { InputLine } from '../components/InputLine.js';
import { useTerminalSize } from '../use-width.js';

export interface RoleChoiceText {
  agent: string;
  user: string;
}

interface Option {
  value: string;
  label: string;
  hint: string;
}

type Models = Record<'agent' | 'user' | 'judge' | 'tool', string | null>;

function agentOptions(task: Task, models: Models): Option[] {
  return [
    { value: 'human', label: 'human', hint: 'you play the agent: talk, call tools, finish' },
    ...(task.reference ? [{ value: 'reference', label: 'reference', hint: "watch the task's reference solution" }] : []),
    ...(models.agent ? [{ value: 'model', label: 'model', hint: `${models.agent} plays the agent` }] : []),
    { value: 'script', label: 'script', hint: 'an agent script file ([{"say"}, {"call","args"}, {"finish"}])' },
  ];
}

function userOptions(models: Models): Option[] {
  return [
    { value: 'sim', label: 'sim', hint: 'the rule user simulator (reveals facts when asked)' },
    { value: 'human', label: 'human', hint: 'you play the user, with the facts in view' },
    ...(models.user ? [{ value: 'model', label: 'model', hint: `${models.user} plays the user` }] : []),
    { value: 'script', label: 'script', hint: 'a user script file ([{"say"}, {"stop": true}])' },
  ];
}

type Step = { side: 'agent' | 'user'; kind: 'choose' | 'file' };

/** Role setup: agent (human / reference / model / script), then user (sim / human / model / script); model choices only when a model is configured. Esc goes back. */
export function SetupScreen({ task, models, onStart, onBack }: { task: Task; models: Models; onStart: (roles: RoleChoiceText) => void; onBack: () => void }) {
  const [step, setStep] = useState<Step>({ side: 'agent', kind: 'choose' });
  const [index, setIndex] = useState(0);
  const [agent, setAgent] = useState('human');
  const { width } = useTerminalSize();
  const options = step.side === 'agent' ? agentOptions(task, models) : userOptions(models);

  const choose = (value: string): void => {
    if (step.side === 'agent') {
      setAgent(value);
      setIndex(0);
      setStep({ side: 'user', kind: 'choose' });
    } else onStart({ agent, user: value });
  };

  useInput(
    (input, key) => {
      if (key.escape) return step.side === 'user' ? (setStep({ side: 'agent', kind: 'choose' }), setIndex(0)) : onBack();
      if (key.upArrow) setIndex((i) => (i + options.length - 1) % options.length);
      if (key.downArrow || key.tab) setIndex((i) => (i + 1) % options.length);
      if (key.return) {
        const picked = options[index];
        if (!picked) return;
        if (picked.value === 'script') setStep({ side: step.side, kind: 'file' });
        else choose(picked.value);
      }
      void input;
    },
    { isActive: step.kind === 'choose' },
  );
  useInput((_i, key) => key.escape && setStep({ side: step.side, kind: 'choose' }), { isActive: step.kind === 'file' });

  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>
        {task.title} <Text color="gray">· {task.domain} · {task.id}</Text>
      </Text>
      <Text color="gray">{step.side === 'agent' ? 'Who plays the agent?' : `Agent: ${agent}. Who plays the user?`} (↑/↓, Enter; Esc back)</Text>
      {step.kind === 'choose'
        ? options.map((o, i) => (
            <Text key={o.value} color={i === index ? 'cyan' : undefined} wrap="truncate-end">
              {i === index ? '❯ ' : '  '}
              <Text bold>{o.label.padEnd(10)}</Text>
              <Text color="gray">{o.hint}</Text>
            </Text>
          ))
        : (
          <InputLine
            prompt={`${step.side} script file`}
            history={[]}
            width={width - 4}
            onSubmit={(text) => {
              if (!text.trim()) return false;
              choose(`script:${text.trim()}`);
              return true;
            }}
          />
        )}
    </Box>
  );
}
