import { Box, Text, useInput } from 'ink';
import { useState } from 'react';
import { checkArgs, compileJsonSchema, describeIssues } from '../../domain/json-schema.js';
import type { Tool } from '../../domain/task.js';
import { InputLine } from './InputLine.js';

interface ParamSpec {
  name: string;
  schema: Record<string, unknown>;
  required: boolean;
}

function paramsOf(tool: Tool): ParamSpec[] {
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

type Parsed = { ok: true; value: unknown; skip: boolean } | { ok: false; error: string };

/** Reads what was typed for a parameter according to its type. */
export function parseParam(p: ParamSpec, text: string): Parsed {
  const t = text.trim();
  if (t === '') return p.required ? { ok: false, error: `${p.name} is required` } : { ok: true, value: undefined, skip: true };
  switch (p.schema.type) {
    case 'number':
    case 'integer': {
      const n = Number(t);
      if (!Number.isFinite(n)) return { ok: false, error: `${p.name}: "${t}" is not a number` };
      return { ok: true, value: n, skip: false };
    }
    case 'boolean':
      if (/^(true|yes|y)$/i.test(t)) return { ok: true, value: true, skip: false };
      if (/^(false|no|n)$/i.test(t)) return { ok: true, value: false, skip: false };
      return { ok: false, error: `${p.name}: type true or false` };
    case 'array':
    case 'object':
      try {
        return { ok: true, value: JSON.parse(t), skip: false };
      } catch {
        return { ok: false, error: `${p.name}: type JSON, as in ${p.schema.type === 'array' ? '["a", "b"]' : '{"key": "value"}'}` };
      }
    default:
      return { ok: true, value: text, skip: false };
  }
}

/** `/tools`: pick a tool, then fill each parameter with its type hint; Esc cancels. */
export function ToolForm({ tools, onCall, onCancel }: { tools: readonly Tool[]; onCall: (tool: string, args: Record<string, unknown>) => void; onCancel: () => void }) {
  const [pick, setPick] = useState(0);
  const [tool, setTool] = useState<Tool | null>(null);
  const [field, setField] = useState(0);
  const [args, setArgs] = useState<Record<string, unknown>>({});
  const [error, setError] = useState('');

  useInput((input, key) => {
    if (key.escape) return onCancel();
    if (tool) return;
    if (key.upArrow) setPick((i) => (i + tools.length - 1) % tools.length);
    if (key.downArrow || key.tab) setPick((i) => (i + 1) % tools.length);
    if (key.return && tools[pick]) {
      const chosen = tools[pick];
      if (paramsOf(chosen).length === 0) return onCall(chosen.name, {});
      setTool(chosen);
    }
    void input;
  });

  if (!tool) {
    return (
      <Box flexDirection="column" borderStyle="round" borderColor="blue" paddingX={1}>
        <Text bold>pick a tool <Text color="gray">(↑/↓, Enter; Esc cancels)</Text></Text>
        {tools.map((t, i) => (
          <Text key={t.name} wrap="truncate-end" color={i === pick ? 'blue' : undefined}>
            {i === pick ? '❯ ' : '  '}
            <Text bold>{t.name}</Text> <Text color="gray">{t.description}</Text>
          </Text>
        ))}
      </Box>
    );
  }

  const params = paramsOf(tool);
  const current = params[field];
  const submit = (text: string): boolean => {
    if (!current) return false;
    const parsed = parseParam(current, text);
    if (!parsed.ok) {
      setError(parsed.error);
      return false;
    }
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

  return (
    <Box flexDirection="column" borderStyle="round" borderColor="blue" paddingX={1}>
      <Text bold>
        {tool.name} <Text color="gray">parameter {field + 1} of {params.length} · Esc cancels</Text>
      </Text>
      {params.slice(0, field).map((p) => (
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
          <InputLine key={`${tool.name}.${current.name}.${field}`} prompt={current.name} promptColor="blue" history={[]} onSubmit={submit} />
        </>
      ) : null}
      {error ? <Text color="red">{error}</Text> : null}
    </Box>
  );
}
