import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import {
  checkFlags,
  ExportFlagsSchema,
  type FlagSchema,
  AuditFlagsSchema,
  ImportFlagsSchema,
  JsonFlagsSchema,
  ModelFlagsSchema,
  NoFlagsSchema,
  parseArgsOptions,
  PlayCommandFlagsSchema,
  PlayFlagsSchema,
  ReplayFlagsSchema,
  RescoreFlagsSchema,
  RunFlagsSchema,
  ShowFlagsSchema,
  SynthFlagsSchema,
  ServeFlagsSchema,
  ViewFlagsSchema,
} from './cli-flags.js';
import type { ModelFlags } from './adapters/model-config.js';
import { errorMessage, safeLine, SystemError, UserError } from './errors.js';
import type { CliIo } from './io.js';

interface Command {
  summary: string;
  usage: string;
  /** Every flag and what its value must be (src/cli-flags.ts). */
  flags: FlagSchema;
  help: string;
  /** How many arguments besides flags it takes at most (default: any number). */
  positionals?: number;
  run: (flags: never, positionals: string[]) => Promise<number> | number;
}

/** A command whose `run` gets the flags its schema gives. */
const command = <S extends FlagSchema>(c: Omit<Command, 'flags' | 'run'> & { flags: S; run: (flags: z.output<S>, positionals: string[]) => Promise<number> | number }): Command =>
  c as unknown as Command;

const modelFlags = (v: z.output<typeof ModelFlagsSchema>, io: CliIo): ModelFlags => ({
  model: v.model,
  baseUrl: v['base-url'],
  agentModel: v['agent-model'],
  userModel: v['user-model'],
  judgeModel: v['judge-model'],
  toolModel: v['tool-model'],
  timeout: v.timeout,
  retries: v.retries,
  cache: v.cache === true,
  judgeMode: v['judge-mode'],
  prompts: v.prompts,
  toolTemperature: v['tool-temperature'],
  env: io.env,
  stop: io.interrupt?.signal,
});
const MODEL_HELP = `  --model M        model for every model role (or SYNTHAGENT_MODEL); --agent-model, --user-model,
                   --judge-model, --tool-model override it per role
  --base-url URL   any OpenAI-compatible server (or OPENAI_BASE_URL); the key is OPENAI_API_KEY
  --timeout S      seconds per model call (default 60, at most 2147483); --retries N (default 2, at most 100)
  --cache          answer repeated model calls from .synthagent/model-cache.json
  --judge-mode M   item (default): one judge question per judge item; whole: one judgment of the whole
                   rubric per session, as the paper's reward code (its section counts feed --reward released)
  --prompts P      ours (default) or paper: the model agent, user and tool simulator follow the paper's
                   conventions (the record's own task prompt, <answer>…</answer> ends the session)
  --tool-temperature T  the tool simulator's temperature, 0 to 2 (default 0; 0.9 with --prompts paper)`;

const playFlags = (v: z.output<typeof ViewFlagsSchema> & { task?: string; from?: string; at?: string; reward?: string }, io: CliIo, RECORDINGS_DIR: string) => {
  if (v.from !== undefined && v.task !== undefined) throw new UserError("--from and --task exclude each other (a fork plays its recording's task)");
  return {
    task: v.task,
    agent: v.agent,
    user: v.user,
    from: v.from,
    at: v.at,
    recordingsDir: RECORDINGS_DIR,
    models: modelFlags(v, io),
    reward: v.reward,
  };
};
const REWARD_HELP = `  --reward P       the headline reward: paper (default; the paper's formula) or released (what the
                   authors' training code computes); the other is shown beside it`;

/** The commands, their flags and help, for one call of `main` (help names that call's recordings folder). */
function commandTable(io: CliIo, argv: string[]): Record<string, Command> {
  const RECORDINGS_DIR = io.env.SYNTHAGENT_RECORDINGS ?? 'recordings';
  return {
  play: command({
    summary: 'the playground (TUI): pick a task, play a side live, watch the rubric (the default command)',
    usage: 'synthagent [play] [--task T] [--agent R] [--user R] [--tools human] [--judge human] [--pace MS] [--from REC [--at SEQ]]',
    flags: PlayCommandFlagsSchema,
    help: `  --task T      skip the picker and start a session on T (a task file or bundled id); with no role
                flag, a task whose simulated tools or judge items have no model (an imported paper
                task) opens the role setup first, which offers you as those sides
  --agent R     human (default), reference, model, script:FILE, or mcp: your own agent over MCP (with
                --task; the endpoint's URL is printed, --port N picks its port)
  --user R      sim (default), human, model or script:FILE
  --tools human you answer a simulated tool call that has no cached answer and no tool model (a form
                shows the call, the tool's outputs schema and the world; the answer is cached)
  --judge human at the end you decide each judge item (met / not met / skip, with a reason)
  --pace MS     when nobody plays (no human side): MS ms between the events shown (default 0: as fast as
                they come); Space pauses and resumes, n shows one more event while paused
  --from REC    fork a recording: replay it up to --at SEQ, then go on live
${REWARD_HELP}
${MODEL_HELP}
  Sessions are saved under ${RECORDINGS_DIR}/. Needs a terminal; use synthagent run otherwise.`,
    positionals: 0,
    run: async (v) => (await import('./commands/play.js')).playCommand({ ...playFlags(v, io, RECORDINGS_DIR), port: v.port, tools: v.tools, judge: v.judge, pace: v.pace }, io),
  }),
  view: command({
    summary: 'step through a recording event by event; f forks from the current step',
    usage: 'synthagent view REC [--agent R] [--user R]',
    flags: ViewFlagsSchema,
    help: '  ←/→ step, Home/End, Enter inspect, f fork (with --agent/--user, default human and sim),\n  a annotate the step (a kind and a note, saved in the recording; signed $SYNTHAGENT_ANNOTATOR or $USER), q quit',
    positionals: 1,
    run: async (v, [file]) => (await import('./commands/play.js')).viewCommand(file, playFlags(v, io, RECORDINGS_DIR), io),
  }),
  run: command({
    summary: 'run a session (or a batch: --tasks GLOB) without the TUI and print the transcript and rubric',
    usage: 'synthagent run --task T | --from REC [--at SEQ]  [--agent R] [--user R] [--json] [--record FILE | --no-record]\n' +
      '       synthagent run --tasks GLOB [--trials K] [--concurrency N] [--out DIR]  [--agent R] [--user R] [--json]',
    // Every flag of `play` (task or fork, roles, models), then run's own.
    flags: RunFlagsSchema,
    help: `  --task T        a task file, or the id of a bundled task (see synthagent tasks)
  --from REC      fork a recording: restore its state at --at SEQ (default: its last event) and go on
  --at SEQ        the event to fork after
  --agent R       reference (default), model or script:FILE
  --user R        sim (default), model or script:FILE
  --json          print one JSON object: {task, score, passed, end, turns, toolCalls, hits, recording,
                  sections, rewards, unjudged, reward}
  --brief         cut long tool arguments and results to one short line (by default they print whole)
  --record FILE   where to save the recording (default: ${RECORDINGS_DIR}/<id>.json)
  --no-record     do not save a recording
  --tasks GLOB    a batch: task files ('fixtures/tasks/**/*.json') or bundled ids ('travel-*', '*');
                  prints per-task scores, the mean score and pass^k, with progress on stderr
  --trials K      sessions per task (default 1, at most 1000); pass^k is the chance that k of them all pass
  --concurrency N sessions run at once (default 1, at most 64)
  --out DIR       the batch's recordings, <task>.t<trial>.json (default: ${RECORDINGS_DIR}/batch-<UTC time>);
                  rerun with the same --out to resume: complete recordings there are kept
${REWARD_HELP}
                   (a batch's means and pass^k use it)
${MODEL_HELP}`,
    positionals: 0,
    run: async (v) => {
      if (v.tasks !== undefined) {
        for (const f of ['task', 'from', 'at', 'record', 'no-record'] as const) if (v[f] !== undefined) throw new UserError(`run: --tasks and --${f} exclude each other`);
        return (await import('./commands/batch.js')).batchCommand({
          tasks: v.tasks,
          trials: v.trials,
          concurrency: v.concurrency,
          out: v.out,
          agent: v.agent ?? 'reference',
          user: v.user ?? 'sim',
          json: v.json === true,
          recordingsDir: RECORDINGS_DIR,
          models: modelFlags(v, io),
          commandLine: argv,
          reward: v.reward,
        }, io);
      }
      for (const f of ['trials', 'concurrency', 'out'] as const) if (v[f] !== undefined) throw new UserError(`run: --${f} needs --tasks GLOB`);
      if (v.record !== undefined && v['no-record'] !== undefined) throw new UserError('run: --record and --no-record exclude each other');
      if (v.record === '') throw new UserError('run: --record needs a file name');
      const { runCommand } = await import('./commands/run.js');
      const flags = playFlags(v, io, RECORDINGS_DIR);
      return runCommand({
        ...flags,
        agent: flags.agent ?? 'reference',
        user: flags.user ?? 'sim',
        json: v.json === true,
        record: v.record,
        noRecord: v['no-record'] === true,
        brief: v.brief === true,
      }, io);
    },
  }),
  replay: command({
    summary: 're-drive recordings against today\'s simulator; exit 1 on drift',
    usage: 'synthagent replay FILE|DIR… [--check | --update] [--json]',
    flags: ReplayFlagsSchema,
    help: `  --check    compare event by event and report the first divergence (the default)
  --update   rewrite the recordings with today's events and result
  --json     one JSON object: {recordings:[{file, ok, score, divergence}], ok, drifted, unreadable}
  Folders are searched for *.json recordings.`,
    run: async (v, files) => {
      if (v.check === true && v.update === true) throw new UserError('replay: --check and --update exclude each other');
      return (await import('./commands/replay.js')).replayCommand(files, { update: v.update === true, json: v.json === true }, io);
    },
  }),
  rescore: command({
    summary: 're-run today\'s rubric over recordings without running any role',
    usage: 'synthagent rescore FILE|DIR… [--write] [--json] [--reward paper|released]',
    flags: RescoreFlagsSchema,
    help: `  Prints old → new reward (both profiles, the --reward one first), the section counts and which hits changed.
  --write   store the new result in each recording (with sections and rewards), with a note of what changed
  --json    one JSON document: {recordings: [{file, from, to, changes, written, note}]}
${REWARD_HELP}`,
    run: async (v, files) => (await import('./commands/rescore.js')).rescoreCommand(files, { write: v.write === true, json: v.json === true, reward: v.reward }, io),
  }),
  audit: command({
    summary: 'find the sessions a simulator got wrong: leaked or invented facts, early stops, inconsistent tools',
    usage: 'synthagent audit FILE|DIR… [--json] [--fail-on KIND,…] [--judge-model M [--base-url URL]]',
    flags: AuditFlagsSchema,
    help: `  Per recording, every finding: seq, side (user or tool), kind and what is wrong; then counts
  per kind and per task, and the share of sessions with any finding. Folders are read recursively.
  Kinds: unasked_reveal, invented_value, stopped_while_asked, broke_character (user side);
  inconsistent_result, schema_violation (tool side); human_flag and other annotations made in the viewer.
  --json            {recordings: [{file, task, findings: [{seq, side, kind, detail}]}], counts: {KIND: n}}
  --fail-on K,…     exit 1 when a finding of one of these kinds is found (a CI check)
  --judge-model M   also ask model M, for each user reply, whether it states anything the user was not
                    given (invented_value, detail starting "model M says"); off by default; answers are
                    cached in .synthagent/audit-cache.json. --base-url, --timeout, --retries as for run;
                    the key is OPENAI_API_KEY. A recording the model cannot check is one line, exit 1.
  Exit 2 when a recording cannot be read (one line each, after the rest is reported).`,
    run: async (v, files) =>
      (await import('./commands/audit.js')).auditCommand(files, { json: v.json === true, failOn: v['fail-on'], judgeModel: v['judge-model'], baseUrl: v['base-url'], timeout: v.timeout, retries: v.retries }, io),
  }),
  show: command({
    summary: 'print a recording as a readable transcript',
    usage: 'synthagent show REC [--format text|md] [--brief]',
    flags: ShowFlagsSchema,
    help: '  --format md   Markdown, with tool calls, reveals and rubric hits marked\n  --brief       cut long tool arguments and results (by default they print whole)',
    positionals: 1,
    run: async (v, [file]) => (await import('./commands/show.js')).showCommand(file, v.format ?? 'text', io, v.brief === true),
  }),
  diff: command({
    summary: 'compare two recordings of the same task',
    usage: 'synthagent diff A B',
    flags: NoFlagsSchema,
    help: '  The first divergence side by side, then hits and score differences.',
    positionals: 2,
    run: async (_v, files) => (await import('./commands/show.js')).diffCommand(files, io),
  }),
  recordings: command({
    summary: `list saved recordings (${RECORDINGS_DIR}/)`,
    usage: 'synthagent recordings [--json]',
    flags: JsonFlagsSchema,
    help: '  Set SYNTHAGENT_RECORDINGS to use another folder.',
    positionals: 0,
    run: async (v) => (await import('./commands/show.js')).recordingsCommand(RECORDINGS_DIR, v.json === true, io),
  }),
  synth: command({
    summary: 'make new task files: a teacher model (--model) or built-in templates (--offline)',
    usage: 'synthagent synth (--offline --seed S | --model M [--base-url URL]) --n N --out DIR [--domain D] [--json]',
    flags: SynthFlagsSchema,
    help: `  --offline        no model: seeded templates (same seed, same files)
  --seed S         the seed for --offline
  --n N            how many tasks (default 10 with --offline; 1 to 10000)
  --out DIR        where to write them
  --domain D       one domain only
${MODEL_HELP}`,
    positionals: 0,
    run: async (v) =>
      (await import('./commands/synth.js')).synthCommand({
        offline: v.offline === true,
        seed: v.seed,
        n: v.n,
        out: v.out,
        domain: v.domain,
        json: v.json === true,
        models: modelFlags(v, io),
      }, io),
  }),
  import: command({
    summary: "turn the seed paper's released task records into task files",
    usage: 'synthagent import --from synthagent-verl FILE --out DIR [--force]',
    flags: ImportFlagsSchema,
    help: '  --from synthagent-verl   JSON records {id, prompt, task_background, rubrics}\n  --out DIR                where to write the task files\n  --force                  overwrite task files already there (without it, nothing is written)',
    run: async (v, files) => (await import('./commands/import.js')).importCommand(files, { from: v.from, out: v.out, force: v.force === true }, io),
  }),
  export: command({
    summary: 'recordings to training data (chat JSONL for fine-tuning, verl records for RL)',
    usage: 'synthagent export FILE|DIR… --format chat-jsonl|verl [--min-score X] [--passed] [--reward P] [--include-unjudged] [--out FILE]',
    flags: ExportFlagsSchema,
    help: `  --format F       chat-jsonl (OpenAI chat format, only what the agent saw) or verl (the paper's RL records)
  --min-score X    only recordings whose --reward is at least X
  --passed         only passed recordings (under --reward: released passes at a released reward of 1)
  --reward P       paper (default) or released: the reward --min-score and --passed read
  --include-unjudged  with --min-score/--passed, keep sessions with unjudged items (skipped by default:
                   their reward leaves those items out)
  --out FILE       write there instead of stdout`,
    run: async (v, files) =>
      (await import('./commands/export.js')).exportCommand(files, {
        format: v.format,
        minScore: v['min-score'],
        passed: v.passed === true,
        out: v.out,
        reward: v.reward,
        includeUnjudged: v['include-unjudged'] === true,
      }, io),
  }),
  serve: command({
    summary: 'let an outside agent play: an MCP server (stdio or HTTP) or an HTTP environment for RL trainers',
    usage: 'synthagent serve --task T --mcp stdio|http [--port N]  [--user R]\n' +
      '       synthagent serve --http [--tasks GLOB | --task T] [--port N] [--user R] [--token T] [--idle S] [--reward paper|released]',
    flags: ServeFlagsSchema,
    help: `  --mcp stdio      an MCP server on stdin/stdout, one session (for desktop MCP clients, agent frameworks)
  --mcp http       MCP over streamable HTTP at http://HOST:PORT/mcp, one session per MCP session
  --http           the HTTP environment (POST /sessions, POST /sessions/{id}/step, GET|DELETE /sessions/{id}, GET /health)
  --task T         the task to serve (a task file or a bundled id); --tasks GLOB: the tasks --http offers (default: all bundled)
  --user R         sim (default), model or script:FILE
  --port N         the port (default 0: a free one, printed); --host H binds another address (default 127.0.0.1)
  --token T        require Authorization: Bearer T (or SYNTHAGENT_TOKEN); /health stays open
  --idle S         a session with no request for S seconds is aborted and saved incomplete (default 300)
  --max-sessions N live sessions at most (default 1000); past it a new one gets 503
  --reward P       paper (default) or released: the reward a finished --http session reports
${MODEL_HELP}
  Every session is recorded under ${RECORDINGS_DIR}/ (roles.agent: mcp or http). Logs go to stderr.`,
    positionals: 0,
    run: async (v) =>
      (await import('./commands/serve.js')).serveCommand({
        task: v.task,
        tasks: v.tasks,
        mcp: v.mcp,
        http: v.http === true,
        port: v.port,
        host: v.host,
        user: v.user,
        token: v.token,
        idle: v.idle,
        maxSessions: v['max-sessions'],
        reward: v.reward,
        recordingsDir: RECORDINGS_DIR,
        models: modelFlags(v, io),
      }, io),
  }),
  validate: command({
    summary: 'check task files; exit 1 when any is invalid',
    usage: 'synthagent validate FILE…',
    flags: NoFlagsSchema,
    help: '  Prints "ok FILE" or one line per problem: FILE: JSON.path: message.\n  A task\'s reference is played against the rule simulator and must reach score 1.',
    run: async (_v, files) => (await import('./commands/catalog.js')).validateCommand(files, io),
  }),
  tasks: command({
    summary: 'list the bundled tasks',
    usage: 'synthagent tasks [--json]',
    flags: JsonFlagsSchema,
    help: '  --json   one JSON array of {id, title, domain, difficulty, file, tools, facts, rubric, reference}',
    positionals: 0,
    run: async (v) => (await import('./commands/catalog.js')).tasksCommand(v.json === true, io),
  }),
  schema: command({
    summary: 'print the JSON Schema of a task or a recording',
    usage: 'synthagent schema task|recording',
    flags: NoFlagsSchema,
    help: '  Point your editor at it: synthagent schema task > task.schema.json',
    positionals: 1,
    run: async (_v, [which]) => (await import('./commands/catalog.js')).schemaCommand(which, io),
  }),
  };
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function mainHelp(commands: Record<string, Command>): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'synthagent: play, record and replay synthesized tool-use tasks with simulated users',
    '',
    'Usage: synthagent <command> [flags]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Roles: agent human | model | reference | script:FILE | mcp; user sim | human | model | script:FILE (human and mcp: play only; human: view too)',
    'Exit codes: 0 done (whatever the score), 1 a check failed, 2 bad usage or bad input, 130 / 143 stopped by Ctrl+C / SIGTERM',
    'Run synthagent <command> --help for its flags.',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`${c.usage}`, '', c.summary, '', c.help].join('\n');
}

/**
 * The whole CLI as a function: `argv` without node and the script (`['run', '--task', 'x']`), `io` the
 * streams, environment and folder it runs in. Resolves to the exit code; never exits the process and
 * never throws (a bad input is one `synthagent: …` line on io.stderr and exit 2).
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const release = await enterFolder(io.cwd);
  try {
    return await dispatch(argv, io);
  } catch (err) {
    return failure(err, io);
  } finally {
    release();
  }
}

/** The exit code of an error that reached the top, after its one line on stderr. */
function failure(err: unknown, io: CliIo): number {
  if (err instanceof UserError) {
    io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
    return err.exitCode;
  }
  if (err instanceof SystemError) {
    io.stderr.write(`synthagent: ${safeLine(err.message)}\n`);
    return 1;
  }
  io.stderr.write(`synthagent: internal error: ${safeLine(errorMessage(err))}\n`);
  if (io.env.SYNTHAGENT_DEBUG) io.stderr.write(`${(err as Error)?.stack ?? ''}\n`);
  return 1;
}

/**
 * Commands read relative paths from the process's folder, so a call of `main` with another `io.cwd`
 * moves there for its duration; calls with other folders wait their turn (calls in one folder run together).
 */
let folder: { cwd: string; home: string; users: number } | null = null;
const waiting: (() => void)[] = [];
async function enterFolder(cwd: string): Promise<() => void> {
  while (folder !== null && folder.cwd !== cwd) await new Promise<void>((resolve) => waiting.push(resolve));
  if (folder === null) {
    const home = process.cwd();
    if (cwd !== home) process.chdir(cwd);
    folder = { cwd, home, users: 0 };
  }
  folder.users++;
  return () => {
    if (--folder!.users > 0) return;
    if (process.cwd() !== folder!.home) process.chdir(folder!.home);
    folder = null;
    for (const wake of waiting.splice(0)) wake();
  };
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const commands = commandTable(io, argv);
  const [first, ...rest] = argv;
  // No command: the playground, as SPEC §5 says (flags alone go to it too: synthagent --task x).
  if (first === undefined || (first.startsWith('--') && !['--help', '--version'].includes(first))) return run(commands, 'play', argv, io);
  if (first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    const c = topic ? commands[topic] : undefined;
    io.stdout.write(`${c ? commandHelp(c) : mainHelp(commands)}\n`);
    return 0;
  }
  if (first === '--version' || first === '-v') {
    if (rest.length > 0) throw new UserError(`unexpected argument "${rest[0]}" after ${first}`);
    io.stdout.write(`${version()}\n`);
    return 0;
  }
  return run(commands, first, rest, io);
}

async function run(commands: Record<string, Command>, first: string, rest: string[], io: CliIo): Promise<number> {
  const command = commands[first];
  if (!command) {
    const hint = first.startsWith('-') ? `unknown flag ${first}` : `unknown command "${first}"`;
    throw new UserError(`${hint} (commands: ${Object.keys(commands).join(', ')}; see synthagent --help)`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${commandHelp(command)}\n`);
    return 0;
  }
  const options = parseArgsOptions(command.flags);
  const args = negativeValues(rest, options);
  // Said from parseArgs's tokens, not from its messages: the first bad flag, in the order given.
  const problem = flagProblem(parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true }).tokens, options);
  if (problem) throw new UserError(`${first}: ${problem} (see synthagent ${first} --help)`);
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  const extra = command.positionals === undefined ? undefined : parsed.positionals[command.positionals];
  if (extra !== undefined) throw new UserError(`${first}: unexpected argument "${extra}" (usage: ${command.usage.split('\n')[0]})`);
  return command.run(checkFlags(first, command.flags, parsed.values) as never, parsed.positionals);
}

/**
 * `--n -1` as `--n=-1`: parseArgs takes a value that starts with "-" for a flag and refuses it as
 * "ambiguous"; joined, the value reaches the command, which says what it must be.
 */
function negativeValues(args: string[], options: ReturnType<typeof parseArgsOptions>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const name = flag.startsWith('--') ? flag.slice(2) : Object.entries(options).find(([, o]) => flag === `-${o.short}`)?.[0];
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(flag);
  }
  return out;
}

/** What is wrong with the flags as parseArgs read them (what its strict mode would refuse), or null. */
function flagProblem(tokens: ReturnType<typeof parseArgs>['tokens'], options: ReturnType<typeof parseArgsOptions>): string | null {
  for (const t of tokens ?? []) {
    if (t.kind !== 'option') continue;
    const option = options[t.name];
    if (!option) return `unknown flag ${t.rawName}`;
    if (option.type === 'boolean') {
      if (t.value !== undefined) return `Option '${t.rawName}' does not take an argument`;
      continue;
    }
    if (t.value === undefined) return `--${t.name} <value> needs a value`;
    // A string flag took the next argument although it looks like a flag (`--out --json`).
    if (!t.inlineValue && t.value.length > 1 && t.value.startsWith('-')) return `--${t.name} needs a value (a value that starts with "-" is written --${t.name}=VALUE)`;
  }
  return null;
}
