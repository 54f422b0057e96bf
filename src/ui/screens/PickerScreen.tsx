import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import type { LoadedTask } from '../../adapters/task-files.js';
import { useTerminalSize } from '../use-width.js';

/** The task picker: type to filter (id, title, domain), ↑/↓ to move, Enter to pick, Esc to quit. */
export function PickerScreen({ tasks, onPick, onQuit }: { tasks: readonly LoadedTask[]; onPick: (t: LoadedTask) => void; onQuit: () => void }) {
  const [filter, setFilter] = useState('');
  const [index, setIndex] = useState(0);
  const { width, height } = useTerminalSize();
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = tasks.filter(({ task }) => {
    const hay = `${task.id} ${task.title} ${task.domain} ${task.difficulty ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const at = Math.max(0, Math.min(index, shown.length - 1));

  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return onQuit();
    if (key.upArrow) return setIndex(Math.max(0, at - 1));
    if (key.downArrow) return setIndex(Math.max(0, Math.min(shown.length - 1, at + 1)));
    if (key.return) {
      const picked = shown[at];
      if (picked) onPick(picked);
      return;
    }
    if (key.backspace || key.delete) {
      setFilter((f) => f.slice(0, -1));
      return setIndex(0);
    }
    if (input && !key.ctrl && !key.meta && !key.tab) {
      setFilter((f) => f + input);
      setIndex(0);
    }
  });

  const visible = Math.max(3, height - 6);
  const start = Math.max(0, Math.min(at - Math.floor(visible / 2), shown.length - visible));
  const idWidth = Math.min(28, Math.max(...tasks.map((t) => t.task.id.length), 4));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>
        synthagent <Text color="gray">· pick a task ({shown.length} of {tasks.length}) · type to filter · ↑/↓ Enter · Esc quits</Text>
      </Text>
      <Text>
        filter ❯ {filter}
        <Text inverse> </Text>
      </Text>
      {shown.length === 0 ? <Text color="yellow">no task matches "{filter}"</Text> : null}
      {shown.slice(start, start + visible).map(({ task }, i) => {
        const selected = start + i === at;
        return (
          <Text key={task.id} wrap="truncate-end" color={selected ? 'cyan' : undefined}>
            {selected ? '❯ ' : '  '}
            <Text bold={selected}>{task.title}</Text>
            <Text color="gray">
              {'  '}
              {task.domain} · {task.difficulty ?? '—'} · {task.id.padEnd(idWidth)}
            </Text>
          </Text>
        );
      })}
    </Box>
  );
}
