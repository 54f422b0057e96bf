import { Box, Text, useInput } from 'ink';
import { useReducer, useRef, useState } from 'react';
import { checkArgs, compileJsonSchema, describeIssues } from '../../domain/json-schema.js';
import { nestingProblem } from '../../domain/json.js';
import type { Result } from '../../domain/result.js';
import type { Tool } from '../../domain/task.js';
import { wrapClipped, wrapText } from '../format.js';
import { InputLine } from './InputLine.js';

interface ParamSpec {
  name: string;
  schema: Record<string, unknown>;
  required: boolean;
}

export function paramsOf(tool: Tool): ParamSpec[] {
  const props = (tool.parameters.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((tool.parameters.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, schema]) => ({ name, schema: schema ?? {}, required: required.has(name) }));
}

/** "string, one of aisle|window|middle, required" from a parameter's JSON Schema. */
export function typeHint(p: ParamSpec): string {
  const s = p.schema;
  const parts = [String(s.type ?? 'any')];
  if (Array.isArray(s.enum)) parts.push(`one of ${s.enum.map(String).join('|')}`);
  if (typeof s.format === 'string') parts.push(s.format);
  if (typeof s.pattern === 'string') parts.push(`pattern ${s.pattern}`);
  if (typeof s.minimum === 'number' || typeof s.maximum === 'number') parts.push(`${s.minimum ?? '…'}..${s.maximum ?? '…'}`);
  parts.push(p.required ? 'required' : 'optional: Enter to skip');
  return parts.join(', ');
}

/**
 * A tool as a person reads it, wrapped to `width`: its whole description, then each parameter with its
 * type, whether it is required, every enum value and its own description.
 */
export function toolDocLines(tool: Tool, width: number): string[] {
  const params = paramsOf(tool);
  return [
    ...wrapText(`${tool.name}: ${tool.description}`, width),
    ...(params.length === 0 ? ['  (no parameters)'] : []),
    ...params.flatMap((p) => {
      const hint = typeHint(p).replace(', optional: Enter to skip', ', optional');
      const about = typeof p.schema.description === 'string' ? ` — ${p.schema.description}` : '';
      return wrapText(`${p.name} (${hint})${about}`, width - 4).map((line, i) => `${i === 0 ? '  ' : '    '}${line}`);
    }),
  ];
}

/** A parameter's value, or `skip` for an optional one left empty. */
type ParamValue = { skip: true } | { skip: false; value: unknown };

/** Reads what was typed for a parameter according to its type. */
export function parseParam(p: ParamSpec, text: string): Result<ParamValue> {
  const t = text.trim();
  if (t === '') return p.required ? { ok: false, error: `${p.name} is required` } : { ok: true, value: { skip: true } };
  switch (p.schema.type) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, error: `${p.name}: "${t}" is not a number` };
      return { ok: true, value: { skip: false, value: n } };
    }
    case 'boolean':
      if (/^(true|yes|y)$/i.test(t)) return { ok: true, value: { skip: false, value: true } };
      if (/^(false|no|n)$/i.test(t)) return { ok: true, value: { skip: false, value: false } };
      return { ok: false, error: `${p.name}: type true or false` };
    case 'array':
    case 'object':
      try {
        const value = JSON.parse(t) as unknown;
        // Measured where it will sit: in the call's arguments.
        const deep = nestingProblem({ [p.name]: value });
        return deep ? { ok: false, error: deep } : { ok: true, value: { skip: false, value } };
      } catch {
        return { ok: false, error: `${p.name}: type JSON, as in ${p.schema.type === 'array' ? '["a", "b"]' : '{"key": "value"}'}` };
      }
    default:
      return { ok: true, value: { skip: false, value: text } };
  }
}

/** Rows of the form's input line. */
const INPUT_ROWS = 2;
/** Rows an error may take, wrapped. */
const ERROR_ROWS = 2;

/** Rows the form may want for `tools` at `width`, border included: the picker with the longest tool's doc, or the tallest parameter step. */
export function toolFormHeight(tools: readonly Tool[], width = 80): number {
  const params = Math.max(1, ...tools.map((t) => paramsOf(t).length));
  const doc = Math.max(0, ...tools.map((t) => toolDocLines(t, Math.max(10, width - 4)).length));
  // Title and border, then the list and a rule and the highlighted tool's doc, or the values so far,
  // the parameter's hint, its line and an error.
  return 3 + Math.max(tools.length + 1 + doc, params - 1 + 1 + INPUT_ROWS + ERROR_ROWS);
}

/**
 * `/tools`: pick a tool, then fill each parameter with its type hint; Esc cancels. It takes `width`
 * columns and at most `maxRows` rows: a long list of tools scrolls with the selection, and the values
 * entered so far give way to the current parameter.
 */
export function ToolForm({ tools, width, maxRows, onCall, onCancel }: { tools: readonly Tool[]; width: number; maxRows: number; onCall: (tool: string, args: Record<string, unknown>) => void; onCancel: () => void }) {
  // The highlighted row lives in a ref: ↓ and Enter arriving in one chunk must pick the row ↓ moved to.
  const pickRef = useRef(0);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const pick = pickRef.current;
  const setPick = (to: (i: number) => number): void => {
    pickRef.current = to(pickRef.current);
    rerender();
  };
  const [tool, setTool] = useState<Tool | null>(null);
  const [field, setField] = useState(0);
  const [args, setArgs] = useState<Record<string, unknown>>({});
  const [error, setError] = useState('');

  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (tool) return;
    if (key.upArrow) setPick((i) => (i + tools.length - 1) % tools.length);
    if (key.downArrow || key.tab) setPick((i) => (i + 1) % tools.length);
    const chosen = tools[pickRef.current];
    if (key.return && chosen) {
      if (paramsOf(chosen).length === 0) return onCall(chosen.name, {});
      setTool(chosen);
    }
    void input;
  });

  const body = Math.max(1, maxRows - 3);
  if (!tool) {
    // The highlighted tool's whole doc under the list; the list keeps at least a few rows.
    const inner = Math.max(10, width - 4);
    const doc = tools[pick] ? toolDocLines(tools[pick], inner) : [];
    const listRows = Math.max(Math.min(3, tools.length), Math.min(tools.length, body - 1 - doc.length));
    const docRows = Math.max(0, body - listRows - 1);
    const start = Math.max(0, Math.min(pick - Math.floor(listRows / 2), tools.length - listRows));
    const docShown = doc.length > docRows ? [...doc.slice(0, Math.max(0, docRows - 1)), `… ${doc.length - Math.max(0, docRows - 1)} more lines: /call ${tools[pick]!.name} in a taller terminal`] : doc;
    return (
      <Box flexDirection="column" borderStyle="round" borderColor="blue" paddingX={1} width={width}>
        <Text bold wrap="truncate-end">
          pick a tool <Text color="gray">(↑/↓, Enter; Esc cancels){tools.length > body ? ` ${pick + 1}/${tools.length}` : ''}</Text>
        </Text>
        {tools.slice(start, start + listRows).map((t, j) => (
          <Text key={t.name} wrap="truncate-end" color={start + j === pick ? 'blue' : undefined}>
            {start + j === pick ? '❯ ' : '  '}
            <Text bold>{t.name}</Text> <Text color="gray">{t.description}</Text>
          </Text>
        ))}
        {docRows > 0 ? <Text color="gray">{'─'.repeat(Math.min(inner, 40))}</Text> : null}
        {docRows > 0
          ? docShown.map((line, i) => (
              <Text key={`doc${i}`} wrap="truncate-end" color={i === 0 ? undefined : 'gray'}>
                {line}
              </Text>
            ))
          : null}
      </Box>
    );
  }

  const params = paramsOf(tool);
  const current = params[field];
  const submit = (text: string): boolean => {
    if (!current) return false;
    const result = parseParam(current, text);
    if (!result.ok) {
      setError(result.error);
      return false;
    }
    const parsed = result.value;
    if (!parsed.skip) {
      // Each value is checked against its own schema as it is entered (enum, pattern, range…).
      const own = compileJsonSchema(current.schema);
      const checked = own.ok ? own.schema.safeParse(parsed.value) : null;
      if (checked && !checked.success) {
        setError(`${current.name}: ${describeIssues(checked.error.issues)}`);
        return false;
      }
    }
    const next = { ...args };
    if (!parsed.skip) next[current.name] = parsed.value;
    setError('');
    if (field + 1 < params.length) {
      setArgs(next);
      setField(field + 1);
      return true;
    }
    const bad = checkArgs(tool.parameters, next);
    if (bad) {
      setError(`invalid arguments: ${bad} (fix this value, or Esc to cancel)`);
      return false;
    }
    onCall(tool.name, next);
    return true;
  };

  const inner = Math.max(10, width - 4);
  const errorLines = error ? wrapClipped(error, inner, ERROR_ROWS) : [];
  const room = Math.max(0, body - 1 - INPUT_ROWS - errorLines.length);
  // The values so far, the latest last; when they do not all fit, one row counts the earlier ones.
  const earlier = field > room ? field - Math.max(0, room - 1) : 0;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor="blue" paddingX={1} width={width}>
      <Text bold wrap="truncate-end">
        {tool.name} <Text color="gray">parameter {field + 1} of {params.length} · Esc cancels</Text>
      </Text>
      {earlier > 0 && room > 0 ? (
        <Text color="gray" wrap="truncate-end">
          … {earlier} earlier value{earlier === 1 ? '' : 's'} set
        </Text>
      ) : null}
      {params.slice(earlier, field).map((p) => (
        <Text key={p.name} color="gray" wrap="truncate-end">
          {p.name} = {p.name in args ? JSON.stringify(args[p.name]) : '(skipped)'}
        </Text>
      ))}
      {current ? (
        <>
          <Text wrap="truncate-end">
            <Text bold>{current.name}</Text> <Text color="gray">({typeHint(current)})</Text>
            {typeof current.schema.description === 'string' ? <Text color="gray"> {current.schema.description}</Text> : null}
          </Text>
          <InputLine key={`${tool.name}.${current.name}.${field}`} prompt={current.name} promptColor="blue" history={[]} onSubmit={submit} width={inner} maxRows={INPUT_ROWS} />
        </>
      ) : null}
      {errorLines.map((line, i) => (
        <Text key={i} color="red" wrap="truncate-end">
          {line}
        </Text>
      ))}
    </Box>
  );
}
