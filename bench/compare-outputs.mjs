// Runs the same CLI invocations on two builds and diffs what a user sees (stdout, stderr, exit code):
//
//   node bench/compare-outputs.mjs OLD_ROOT NEW_ROOT OUT_DIR [FILTER]
//
// Each ROOT is a built checkout (dist/). The inputs are NEW_ROOT's fixtures (bundled tasks, scripts, golden
// recordings, the bad-input corpus), so both builds read the same files. Outputs are normalized (the
// roots, temp folders, recording ids, times and durations) and written to OUT_DIR/old and OUT_DIR/new, one
// file per case; OUT_DIR/report.txt lists the cases that differ, with a diff of each. FILTER
// (a regular expression) runs only the matching cases. Every invocation is a spawned process with a time limit (60 s), no model
// keys and NO_COLOR. Exit 0 always: deciding which differences are intended is the reader's job.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const argv = process.argv.slice(2);
if (argv[0] === '--report' && argv[1]) {
  // Only rebuild OUT_DIR/report.txt from the outputs already there.
  writeReport(resolve(argv[1]));
  process.exit(0);
}
const [oldArg, newArg, outArg, filter] = argv;
if (!oldArg || !newArg || !outArg) {
  process.stderr.write('usage: node bench/compare-outputs.mjs OLD_ROOT NEW_ROOT OUT_DIR [FILTER]  |  --report OUT_DIR\n');
  process.exit(2);
}
const ROOTS = { old: resolve(oldArg), new: resolve(newArg) };
const OUT = resolve(outArg);
const TIME_LIMIT_MS = 60_000;
const cliOf = (root) => (existsSync(join(root, 'dist/bin.js')) ? join(root, 'dist/bin.js') : join(root, 'dist/cli.js'));

rmSync(OUT, { recursive: true, force: true });
const INPUTS = join(OUT, 'inputs');
mkdirSync(INPUTS, { recursive: true });
// One copy of the inputs both builds read (so paths in messages are the same string).
const src = ROOTS.new;
for (const dir of ['fixtures/tasks', 'fixtures/scripts', 'fixtures/golden', 'tests/fixtures/bad-input/tasks', 'tests/fixtures/bad-input/recordings']) {
  if (existsSync(join(src, dir))) cpSync(join(src, dir), join(INPUTS, dir), { recursive: true, verbatimSymlinks: true });
}
const list = (dir, ext = '.json') => (existsSync(join(INPUTS, dir)) ? readdirSync(join(INPUTS, dir)).filter((f) => f.endsWith(ext)).sort() : []);

// ---------------------------------------------------------------- the cases

const cases = [];
const add = (name, args, opts = {}) => cases.push({ name, args, ...opts });

const COMMANDS = ['play', 'view', 'run', 'replay', 'rescore', 'audit', 'show', 'diff', 'recordings', 'synth', 'import', 'export', 'serve', 'validate', 'tasks', 'schema'];
add('help', ['--help']);
add('no-args-version', ['--version']);
for (const c of COMMANDS) add(`help-${c}`, [c, '--help']);
add('unknown-command', ['frobnicate']);
add('tasks', ['tasks']);
add('tasks-json', ['tasks', '--json']);
add('schema-task', ['schema', 'task']);
add('schema-recording', ['schema', 'recording']);

const bundled = readdirSync(join(INPUTS, 'fixtures/tasks')).sort();
for (const domain of bundled) add(`validate-bundled-${domain}`, ['validate', `fixtures/tasks/${domain}`]);
add('validate-all-bundled', ['validate', 'fixtures/tasks']);
for (const f of list('tests/fixtures/bad-input/tasks')) add(`validate-bad-${f}`, ['validate', `tests/fixtures/bad-input/tasks/${f}`]);
add('validate-missing', ['validate', 'no/such/file.json']);

const taskIds = readdirSync(join(INPUTS, 'fixtures/scripts'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
for (const id of taskIds) {
  add(`run-${id}-reference`, ['run', '--task', id, '--json', '--record', `runs/${id}.reference.json`]);
  add(`run-${id}-reference-text`, ['run', '--task', id, '--no-record']);
  for (const s of list(`fixtures/scripts/${id}`)) add(`run-${id}-script-${s}`, ['run', '--task', id, '--agent', `script:fixtures/scripts/${id}/${s}`, '--json', '--record', `runs/${id}.${s}`]);
}
add('run-unknown-task', ['run', '--task', 'no-such-task', '--no-record']);
add('run-bad-agent', ['run', '--task', 'travel-rebook', '--agent', 'wizard', '--no-record']);
add('run-model-without-model', ['run', '--task', 'travel-rebook', '--agent', 'model', '--no-record']);
for (const f of list('tests/fixtures/bad-input/tasks')) add(`run-bad-${f}`, ['run', '--task', `tests/fixtures/bad-input/tasks/${f}`, '--json', '--no-record']);

// Recordings the runs above wrote, and the golden ones.
for (const id of taskIds) {
  add(`show-run-${id}`, ['show', `runs/${id}.reference.json`]);
  add(`show-md-run-${id}`, ['show', `runs/${id}.reference.json`, '--format', 'md']);
  for (const g of list(`fixtures/golden/${id}`)) {
    add(`show-golden-${id}-${g}`, ['show', `fixtures/golden/${id}/${g}`]);
    add(`show-md-golden-${id}-${g}`, ['show', `fixtures/golden/${id}/${g}`, '--format', 'md']);
  }
  add(`diff-golden-${id}`, ['diff', `fixtures/golden/${id}/reference.json`, `fixtures/golden/${id}/guess.json`]);
}
add('replay-golden', ['replay', 'fixtures/golden', '--check']);
add('replay-golden-json', ['replay', 'fixtures/golden', '--json']);
add('replay-runs', ['replay', 'runs', '--check']);
add('rescore-golden', ['rescore', 'fixtures/golden']);
add('rescore-golden-json', ['rescore', 'fixtures/golden', '--json']);
add('export-chat-golden', ['export', 'fixtures/golden']);
add('export-verl-golden', ['export', 'fixtures/golden', '--format', 'verl']);
add('export-passed-golden', ['export', 'fixtures/golden', '--passed']);
add('recordings', ['recordings']);
for (const f of list('tests/fixtures/bad-input/recordings')) {
  add(`show-bad-${f}`, ['show', `tests/fixtures/bad-input/recordings/${f}`]);
  add(`replay-bad-${f}`, ['replay', `tests/fixtures/bad-input/recordings/${f}`]);
}
add('batch-travel', ['run', '--tasks', 'travel-*', '--trials', '2', '--out', 'batch']);
add('batch-all-json', ['run', '--tasks', '*', '--out', 'batch-json', '--json']);
add('replay-batch', ['replay', 'batch', '--json']);
add('rescore-runs', ['rescore', 'runs']);
add('export-chat-runs', ['export', 'runs']);
add('export-verl-runs-passed', ['export', 'runs', '--format', 'verl', '--passed']);
if (process.env.BENCH_RECORDINGS) add('replay-bench-recordings', ['replay', process.env.BENCH_RECORDINGS, '--check']);
add('synth-offline', ['synth', '--offline', '--seed', 'cmp', '--n', '6', '--out', 'synth']);
add('validate-synth', ['validate', 'synth']);

// ---------------------------------------------------------------- running and normalizing

function normalize(text, side) {
  const work = join(OUT, side);
  let t = text;
  for (const [path, name] of [[work, '<WORK>'], [INPUTS, '<INPUTS>'], [ROOTS[side], '<ROOT>'], [OUT, '<OUT>']]) t = t.split(path).join(name);
  return t
    .replace(/\b([a-z0-9][a-z0-9-]*)-\d{8}-\d{6}-[0-9a-f]{8}\b/g, '$1-<ID>')
    .replace(/\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g, '<TIME>')
    .replace(/\b\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?\b/g, '<TIME>')
    .replace(/\bbatch-\d{8}-\d{6}\b/g, 'batch-<TIME>')
    .replace(/\b\d+(?:\.\d+)? ?(?:ms|s)\b/g, '<DUR>')
    .replace(/\bpid \d+\b/g, 'pid <PID>');
}

function runCase(side, c) {
  const work = join(OUT, side);
  const env = { PATH: process.env.PATH, HOME: join(work, 'home'), NO_COLOR: '1', TERM: 'dumb', COLUMNS: '100', SYNTHAGENT_RECORDINGS: join(work, 'recordings'), LANG: 'C.UTF-8' };
  const started = Date.now();
  const r = spawnSync(process.execPath, [cliOf(ROOTS[side]), ...c.args], { cwd: work, env, encoding: 'utf8', timeout: TIME_LIMIT_MS, killSignal: 'SIGKILL', maxBuffer: 256 * 2 ** 20 });
  const ms = Date.now() - started;
  const exit = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL' ? `TIMEOUT after ${TIME_LIMIT_MS} ms` : r.signal ? `signal ${r.signal}` : `exit ${r.status}`;
  const body = `$ synthagent ${c.args.join(' ')}\n--- ${exit}\n--- stdout\n${r.stdout ?? ''}\n--- stderr\n${r.stderr ?? ''}`;
  return { text: normalize(body, side), ms };
}

const chosen = cases.filter((c) => !filter || new RegExp(filter).test(c.name));
for (const side of ['old', 'new']) {
  const work = join(OUT, side);
  mkdirSync(join(work, 'home'), { recursive: true });
  mkdirSync(join(work, 'runs'), { recursive: true });
  // The inputs, at the same relative paths for both builds.
  for (const dir of ['fixtures', 'tests']) cpSync(join(INPUTS, dir), join(work, dir), { recursive: true, verbatimSymlinks: true });
  mkdirSync(join(work, 'outputs'), { recursive: true });
}
const differing = [];
let n = 0;
for (const c of chosen) {
  n++;
  const o = runCase('old', c);
  const w = runCase('new', c);
  writeFileSync(join(OUT, 'old', 'outputs', `${c.name}.txt`), o.text);
  writeFileSync(join(OUT, 'new', 'outputs', `${c.name}.txt`), w.text);
  const same = o.text === w.text;
  if (!same) differing.push(c.name);
  process.stderr.write(`${String(n).padStart(4)}/${chosen.length} ${same ? 'same' : 'DIFF'}  ${c.name}  (${o.ms} / ${w.ms} ms)\n`);
}
writeReport(OUT);
process.stdout.write(`${chosen.length} cases, ${differing.length} differ; see ${join(OUT, 'report.txt')}\n`);

/** Field by field: what differs between two JSON values (paths, old → new). */
function jsonPaths(x, y, path, out) {
  if (JSON.stringify(x) === JSON.stringify(y)) return out;
  if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) jsonPaths(x[k], y[k], path ? `${path}.${k}` : k, out);
  } else out.push(`  ${path || '(whole)'}: ${JSON.stringify(x)?.slice(0, 160)} → ${JSON.stringify(y)?.slice(0, 160)}`);
  return out;
}

function asJson(line) {
  if (!/^\s*[[{]/.test(line)) return undefined;
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** report.txt: per differing case, JSON lines as field differences, the rest as a unified diff. */
function writeReport(out) {
  const names = readdirSync(join(out, 'new', 'outputs')).filter((f) => f.endsWith('.txt')).map((f) => f.slice(0, -4)).sort();
  const parts = [];
  let differ = 0;
  for (const name of names) {
    const a = readFileSync(join(out, 'old', 'outputs', `${name}.txt`), 'utf8');
    const b = readFileSync(join(out, 'new', 'outputs', `${name}.txt`), 'utf8');
    if (a === b) continue;
    differ++;
    const al = a.split('\n');
    const bl = b.split('\n');
    const fields = [];
    for (let i = 0; i < Math.min(al.length, bl.length); i++) {
      const x = asJson(al[i]);
      const y = asJson(bl[i]);
      if (x === undefined || y === undefined) continue;
      jsonPaths(x, y, '', fields);
      al[i] = bl[i] = `<JSON line ${i + 1}: see fields above>`;
    }
    const tmpA = join(out, '.a.txt');
    const tmpB = join(out, '.b.txt');
    writeFileSync(tmpA, al.join('\n'));
    writeFileSync(tmpB, bl.join('\n'));
    const d = spawnSync('diff', ['-u', tmpA, tmpB], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 }).stdout.split('\n').slice(2).join('\n');
    parts.push(`=================== ${name}`, ...(fields.length ? ['JSON fields:', ...fields] : []), d);
  }
  rmSync(join(out, '.a.txt'), { force: true });
  rmSync(join(out, '.b.txt'), { force: true });
  writeFileSync(join(out, 'report.txt'), `${names.length} cases, ${differ} differ\n\n${parts.join('\n')}\n`);
}
