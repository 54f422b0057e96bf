import { checkArgs } from '../domain/json-schema.js';
import { isPlainObject, nestingProblem } from '../domain/json.js';
import type { Task } from '../domain/task.js';
import type { AgentAction, UserAction } from '../roles/role.js';
import { toolDocLines } from './components/ToolForm.js';

export type Side = 'agent' | 'user';

/** What a command may do: the intents of the session screen. */
export interface CommandContext {
  side: Side;
  task: Task;
  agent: (action: AgentAction) => void;
  user: (action: UserAction) => void;
  openTools: () => void;
  toggleHelp: () => void;
  toggleSpoiler: () => void;
  /** Opens the inspector on event `seq` (null: the latest tool result); an error when there is no such event. */
  inspect: (seq: number | null) => CommandResult;
}

/** A command's outcome; `info`: not an error but something to read (the line is kept), as /call TOOL's schema. */
export type CommandResult = { ok: true } | { ok: false; error: string; info?: boolean };

export interface SlashCommand {
  name: string;
  args: string;
  help: string;
  sides: readonly Side[];
  /** Runs whenever typed, not only on the side's turn (it only looks, it does not move). */
  anytime?: boolean;
  run: (rest: string, ctx: CommandContext) => CommandResult;
}

const OK: CommandResult = { ok: true };

/** The slash commands: one table, with the help text /help shows. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'call', args: 'TOOL {json}', help: 'call a tool (arguments are checked against its schema first)', sides: ['agent'], run: (rest, ctx) => callTool(rest, ctx, true) },
  { name: 'call!', args: 'TOOL {json}', help: 'call a tool without checking the arguments (to see how the mock answers bad input)', sides: ['agent'], run: (rest, ctx) => callTool(rest, ctx, false) },
  { name: 'tools', args: '', help: 'pick a tool and fill its parameters in a form', sides: ['agent'], run: (_r, ctx) => (ctx.openTools(), OK) },
  { name: 'finish', args: '[text]', help: 'end the session, with an optional last message', sides: ['agent'], run: (rest, ctx) => (ctx.agent(rest.trim() ? { type: 'finish', text: rest.trim() } : { type: 'finish' }), OK) },
  { name: 'stop', args: '', help: 'end the conversation as the user', sides: ['user'], run: (_r, ctx) => (ctx.user({ type: 'stop' }), OK) },
  { name: 'inspect', args: '[SEQ]', help: 'open an event full screen: arguments, result, world after, reveals, hits (default: the latest tool result)', sides: ['agent', 'user'], anytime: true, run: (rest, ctx) => inspectCommand(rest, ctx) },
  { name: 'spoiler', args: '', help: 'show or hide the hidden side of the task (also Ctrl+O)', sides: ['agent', 'user'], run: (_r, ctx) => (ctx.toggleSpoiler(), OK) },
  { name: 'help', args: '', help: 'show or hide this help', sides: ['agent', 'user'], run: (_r, ctx) => (ctx.toggleHelp(), OK) },
];

export const KEYS: readonly [string, string][] = [
  ['Enter', 'send the line (plain text is a message); you may type ahead while the other side works'],
  ['↑ / ↓', 'recall earlier inputs'],
  ['← → Home End', 'move in the line; Ctrl+U clears it'],
  ['Ctrl+O', 'spoiler view: show the hidden side'],
  ['Ctrl+↑ / Ctrl+↓', 'move to a transcript row (then ↑/↓), Enter opens it full screen, Esc cancels'],
  ['PgUp / PgDn', 'scroll this help, or the task card, when cut'],
  ['Esc', 'close this help or the spoiler view; with nothing open, asks before ending the session'],
  ['Ctrl+C', 'end the session (saved, marked incomplete)'],
  ['Space / n', 'when nobody plays (you watch): Space pauses and resumes, n shows one more event while paused; play --pace MS sets the speed'],
];

/** Turns a line typed by the player into a move or a UI intent. */
export function interpret(line: string, ctx: CommandContext): CommandResult {
  const text = line.trim();
  if (text === '') return { ok: false, error: '' };
  if (!text.startsWith('/')) {
    if (ctx.side === 'agent') ctx.agent({ type: 'say', text });
    else ctx.user({ type: 'say', text });
    return OK;
  }
  const [head = ''] = text.slice(1).split(/\s+/);
  const rest = text.slice(1 + head.length).trim();
  const command = SLASH_COMMANDS.find((c) => c.name === head.toLowerCase());
  if (!command) return { ok: false, error: `unknown command /${head} (see /help)` };
  if (!command.sides.includes(ctx.side) && !command.anytime) return { ok: false, error: `/${command.name} is for the ${command.sides.join(' or ')} side` };
  return command.run(rest, ctx);
}

function inspectCommand(rest: string, ctx: CommandContext): CommandResult {
  const text = rest.trim().replace(/^#/, '');
  if (text === '') return ctx.inspect(null);
  const seq = Number(text);
  if (!Number.isInteger(seq) || seq < 0) return { ok: false, error: `usage: /inspect [SEQ] (an event number as in the transcript, not "${rest.trim()}")` };
  return ctx.inspect(seq);
}

/** The command a line names, when it is one that runs whoever's turn it is. */
export function anytimeCommand(line: string): SlashCommand | undefined {
  const m = /^\/(\S+)/.exec(line.trim());
  return m ? SLASH_COMMANDS.find((c) => c.anytime && c.name === m[1]!.toLowerCase()) : undefined;
}

function callTool(rest: string, ctx: CommandContext, check: boolean): CommandResult {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest);
  if (!m) return { ok: false, error: 'usage: /call TOOL {json}' };
  const [, name = '', json = ''] = m;
  const tool = ctx.task.tools.find((t) => t.name === name);
  if (!tool && check) return { ok: false, error: `unknown tool "${name}" (tools: ${ctx.task.tools.map((t) => t.name).join(', ')})` };
  // /call TOOL alone: the tool's whole description and parameters, to write the call from.
  if (tool && check && json.trim() === '') return { ok: false, info: true, error: [`/call ${name} {json} — the arguments, as in:`, ...toolDocLines(tool, 1000)].join('\n') };
  let args: unknown = {};
  if (json.trim() !== '') {
    try {
      args = JSON.parse(json);
    } catch (err) {
      return { ok: false, error: `bad JSON: ${(err as Error).message.split('\n')[0]}` };
    }
  }
  if (check) {
    if (!isPlainObject(args)) return { ok: false, error: 'arguments must be a JSON object, as in {"key": "value"}' };
    // As the mock would answer it (resolveToolCall): too deep, then the schema.
    const bad = nestingProblem(args) ?? (tool ? checkArgs(tool.parameters, args) : null);
    if (bad) return { ok: false, error: `invalid arguments for ${name}: ${bad}` };
  }
  ctx.agent({ type: 'call', tool: name, args });
  return OK;
}
