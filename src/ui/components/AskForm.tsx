import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { canonicalJson, nestingProblem } from '../../domain/json.js';
import { outputsProblem } from '../../domain/mock-tools.js';
import type { SimAnswer } from '../../roles/model-tool-simulator.js';
import { wrapKeep, wrapText } from '../format.js';
import type { InspectLine } from '../inspect-lines.js';
import type { Asking, HumanVerdict } from '../session-controller.js';
import type { CommandResult } from '../commands.js';
import { InputLine } from './InputLine.js';

const lookError = (out: CommandResult | null): string => (out && !out.ok ? out.error : '');

const pretty = (value: unknown): string => JSON.stringify(value, null, 2) ?? 'null';

/** Lines of what a person reads before answering a simulated call: the call, the tool, its `outputs` schema and the world. */
export function toolAskLines(asking: Extract<Asking, { kind: 'tool' }>, width: number): InspectLine[] {
  const out: InspectLine[] = [];
  const block = (title: string, text: string, color?: string): void => {
    out.push({ text: title, bold: true });
    for (const line of wrapKeep(text, width - 2)) out.push({ text: `  ${line}`, color });
  };
  block('the call', `${asking.tool.name}(${canonicalJson(asking.args)})`);
  block('what the tool does', asking.tool.description, 'gray');
  block('its result must match (outputs)', asking.tool.outputs ? pretty(asking.tool.outputs) : '(no outputs schema: any JSON value)', 'gray');
  block('the world now', pretty(asking.world), 'gray');
  if (asking.earlier) out.push({ text: `${asking.earlier} earlier call${asking.earlier === 1 ? '' : 's'} this session: /inspect shows them`, color: 'gray' });
  return out;
}

/** Lines of what a person reads before deciding a judge item. */
export function judgeAskLines(asking: Extract<Asking, { kind: 'judge' }>, width: number): InspectLine[] {
  const out: InspectLine[] = [{ text: `${asking.item.id} (${asking.item.kind}${asking.item.kind === 'forbidden' ? ': met means the rule was broken' : ''})`, bold: true }];
  for (const line of wrapText(asking.item.description, width)) out.push({ text: line });
  out.push({ text: 'criterion', bold: true });
  for (const line of wrapKeep(asking.criterion, width - 2)) out.push({ text: `  ${line}`, color: 'gray' });
  return out;
}

/** Reads what was typed as the answer of a simulated call: JSON (checked against `outputs`), `/error TEXT` or `/skip`. */
export function parseToolAnswer(asking: Extract<Asking, { kind: 'tool' }>, text: string): { ok: true; answer: SimAnswer | null } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: false, error: '' };
  if (t === '/skip') return { ok: true, answer: null };
  if (t.startsWith('/error')) {
    const message = t.slice('/error'.length).trim();
    return message ? { ok: true, answer: { ok: false, error: message } } : { ok: false, error: 'usage: /error TEXT (the error the tool answers with)' };
  }
  let result: unknown;
  try {
    result = JSON.parse(t);
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message.split('\n')[0]} (a text result is written in quotes, "like this")` };
  }
  const bad = nestingProblem(result) ?? outputsProblem(asking.tool, result);
  return bad ? { ok: false, error: bad } : { ok: true, answer: { ok: true, result } };
}

/** A window of `lines` that PgUp/PgDn scroll, with a row saying what is above and below when cut. */
function ScrollLines({ lines, rows }: { lines: readonly InspectLine[]; rows: number }) {
  const [top, setTop] = useState(0);
  const cut = lines.length > rows;
  const view = cut ? Math.max(1, rows - 1) : lines.length;
  const at = Math.max(0, Math.min(top, lines.length - view));
  useInput(
    (_i, key) => {
      if (key.pageDown) setTop(Math.min(lines.length - view, at + Math.max(1, view - 1)));
      else if (key.pageUp) setTop(Math.max(0, at - Math.max(1, view - 1)));
    },
    { isActive: cut },
  );
  const below = lines.length - at - view;
  return (
    <>
      {lines.slice(at, at + view).map((l, i) => (
        <Text key={at + i} color={l.color} bold={l.bold} wrap="truncate-end">
          {l.text || ' '}
        </Text>
      ))}
      {cut ? (
        <Text color="cyan" wrap="truncate-end">
          {below > 0 ? `↓ ${below} more line${below === 1 ? '' : 's'} · PgDn` : 'end'}
          {at > 0 ? ` · ↑ ${at} above · PgUp` : ''}
        </Text>
      ) : null}
    </>
  );
}

/**
 * What the session asks of the person at the keyboard, in `maxRows` rows: a simulated tool's answer
 * (`--tools human`: type the result as JSON, checked against the tool's `outputs`; `/error TEXT`;
 * `/skip`) or a judge item's verdict (`--judge human`: m met, n not met, s skip, S skip the rest; then a reason).
 */
export function AskForm({ asking, width, maxRows, onTool, onJudge, onLook }: { asking: Asking; width: number; maxRows: number; onTool: (answer: SimAnswer | null) => void; onJudge: (verdict: HumanVerdict, rest?: boolean) => void; onLook?: (line: string) => CommandResult | null }) {
  const [error, setError] = useState('');
  const [verdict, setVerdict] = useState<boolean | null>(null);
  const inner = Math.max(10, width - 4);
  const judging = asking.kind === 'judge';

  useInput(
    (input, key) => {
      if (verdict !== null) {
        if (key.escape) setVerdict(null);
        return;
      }
      // S (capital) skips this item and every one after it; the rest of the keys are either case.
      if (input === 'S') return onJudge(null, true);
      const k = input.toLowerCase();
      if (k === 'm' || k === 'y') setVerdict(true);
      else if (k === 'n') setVerdict(false);
      else if (k === 's') onJudge(null);
      else if (k === 'i' && onLook) setError(lookError(onLook('/inspect')));
    },
    { isActive: judging },
  );

  const errorLines = error ? wrapText(error, inner) : [];
  const title =
    asking.kind === 'tool'
      ? `you are the tool: answer ${asking.tool.name}`
      : `you are the judge: item ${asking.index} of ${asking.of}`;
  const hint =
    asking.kind === 'tool'
      ? 'result as JSON, kept for the next run · /error TEXT · /skip · /inspect [SEQ]'
      : verdict === null
        ? 'm met · n not met · s skip (stays unjudged) · S skip the rest · i inspects'
        : `${verdict ? 'met' : 'not met'}: why? one sentence, Enter records it · Esc changes the verdict`;
  const inputShown = asking.kind === 'tool' || verdict !== null;
  const body = Math.max(1, maxRows - 2 - 1 - 1 - (inputShown ? 2 : 0) - errorLines.length);
  const lines = asking.kind === 'tool' ? toolAskLines(asking, inner) : judgeAskLines(asking, inner);
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="yellow" paddingX={1} width={width}>
      <Text bold color="yellow" wrap="truncate-end">
        {title}
      </Text>
      <ScrollLines key={`${title}`} lines={lines} rows={body} />
      <Text color="cyan" wrap="truncate-end">
        {hint}
      </Text>
      {inputShown ? (
        <InputLine
          key={`${title}.${String(verdict)}`}
          prompt={asking.kind === 'tool' ? 'result' : 'reason'}
          promptColor="yellow"
          history={[]}
          width={inner}
          maxRows={2}
          onSubmit={(text) => {
            // The transcript can be read before answering: /inspect [SEQ] opens an event full screen.
            const looked = onLook?.(text);
            if (looked) {
              setError(lookError(looked));
              return looked.ok;
            }
            if (asking.kind === 'tool') {
              const parsed = parseToolAnswer(asking, text);
              setError(parsed.ok ? '' : parsed.error);
              if (parsed.ok) onTool(parsed.answer);
              return parsed.ok;
            }
            const reason = text.trim();
            if (!reason || verdict === null) {
              setError('a reason, please: one sentence on what in the transcript decided it');
              return false;
            }
            setError('');
            setVerdict(null);
            onJudge({ verdict, reason });
            return true;
          }}
        />
      ) : null}
      {errorLines.map((line, i) => (
        <Text key={i} color="red" wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
