import { Box, Text, useInput } from 'ink';
import { useReducer, useRef } from 'react';
import type { LoadedTask } from '../../adapters/task-files.js';
import { LineText } from '../components/LineText.js';
import { type EditLine, editKey } from '../line-edit.js';
import { useTerminalSize } from '../use-width.js';

/** The tasks whose id, title, domain or difficulty hold every word of the filter. */
function matching(tasks: readonly LoadedTask[], filter: string): readonly LoadedTask[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return tasks.filter(({ task }) => {
    const hay = `${task.id} ${task.title} ${task.domain} ${task.difficulty ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/**
 * The task picker: type to filter (id, title, domain), ↑/↓ to move, Enter to pick, Esc to quit. The
 * filter is edited like the input line (line-edit.ts) and lives in a ref for the same reason: Ink may
 * hand several keys to the handler before the next render, and each must see the one before.
 */
export function PickerScreen({ tasks, onPick, onQuit }: { tasks: readonly LoadedTask[]; onPick: (t: LoadedTask) => void; onQuit: () => void }) {
  const picker = useRef<{ filter: EditLine; index: number }>({ filter: { text: '', cursor: 0 }, index: 0 });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const { width, height } = useTerminalSize();
  const { filter, index } = picker.current;
  const shown = matching(tasks, filter.text);
  const at = Math.max(0, Math.min(index, shown.length - 1));

  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return onQuit();
    const now = picker.current;
    const list = matching(tasks, now.filter.text);
    const selected = Math.max(0, Math.min(now.index, list.length - 1));
    if (key.upArrow || key.downArrow) {
      picker.current = { ...now, index: key.upArrow ? Math.max(0, selected - 1) : Math.max(0, Math.min(list.length - 1, selected + 1)) };
      return rerender();
    }
    const edit = editKey(now.filter, input, key);
    if (!edit) return;
    // A new filter starts at the top of its list; moving the cursor keeps the selection.
    picker.current = edit.line.text === now.filter.text ? { ...now, filter: edit.line } : { filter: edit.line, index: 0 };
    rerender();
    if (edit.enter) {
      const picked = edit.line.text === now.filter.text ? list[selected] : matching(tasks, edit.line.text)[0];
      if (picked) onPick(picked);
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
        filter ❯ <LineText line={filter} />
      </Text>
      {shown.length === 0 ? <Text color="yellow">no task matches "{filter.text}"</Text> : null}
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
