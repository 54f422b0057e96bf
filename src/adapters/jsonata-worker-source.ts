/**
 * The program of the JSONata child process (see jsonata-sandbox.ts), run with `node -e`: plain
 * JavaScript text, so the same code runs from dist/ and under the test runner. It loads jsonata and
 * re2js by the paths it is given, evaluates one expression per message, and answers with the value as
 * JSON text. It ends when its parent goes (the IPC channel closes).
 *
 * In here: regular expressions run on RE2 (linear time); `$eval`, the clock and randomness throw;
 * a value whose JSON is longer than the limit is refused rather than sent back.
 */
export const WORKER_SOURCE = `
const workerData = JSON.parse(process.argv[1]);
const jsonata = require(workerData.jsonata);
const { RE2JS } = require(workerData.re2js);
const { limits, maxChars, banned } = workerData;
const parentPort = { postMessage: (m) => process.send(m) };
process.on('disconnect', () => process.exit(0));

// JSONata's RegexEngine: constructed from the RegExp of a /literal/, then driven by lastIndex and exec.
class LinearRegex {
  constructor(re) {
    let flags = 0;
    if (re.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (re.flags.includes('m')) flags |= RE2JS.MULTILINE;
    try {
      this.re2 = RE2JS.compile(re.source, flags);
    } catch (err) {
      throw { code: 'SANDBOX', message: 'regular expression /' + re.source + '/ not supported (' + String(err.message).replace(/^error parsing regexp: /, '') + '): synthagent matches in linear time, without lookaround or backreferences' };
    }
    this.lastIndex = 0;
  }
  exec(str) {
    const m = this.re2.matcher(str);
    if (this.lastIndex > str.length || !m.find(this.lastIndex)) return null;
    const out = [];
    for (let g = 0; g <= m.groupCount(); g++) out.push(m.group(g) ?? undefined);
    out.index = m.start();
    this.lastIndex = m.end();
    return out;
  }
}

const refuse = (name) => () => {
  throw { code: 'SANDBOX', message: '$' + name + '() is not allowed in a task (its value changes run to run, or it evaluates text as code)' };
};
const bindings = Object.fromEntries(banned.map((name) => [name, refuse(name)]));
const compiled = new Map();

process.on('message', async ({ id, source, input }) => {
  try {
    let expression = compiled.get(source);
    if (!expression) {
      expression = jsonata(source, { ...limits, RegexEngine: LinearRegex });
      if (compiled.size > 2000) compiled.clear();
      compiled.set(source, expression);
    }
    const value = await expression.evaluate(input, bindings);
    let text;
    try {
      text = value === undefined || typeof value === 'function' ? 'null' : JSON.stringify(value);
    } catch {
      // JSON.stringify recurses: a value thousands of levels deep overflows the stack.
      throw { code: 'SANDBOX', message: 'the value is nested too deep to write as JSON' };
    }
    if (text.length > maxChars) {
      parentPort.postMessage({ id, ok: false, message: 'the value is larger than ' + maxChars / 1e6 + ' MB of JSON' });
    } else parentPort.postMessage({ id, ok: true, text });
  } catch (err) {
    const e = err || {};
    parentPort.postMessage({ id, ok: false, message: String(e.message || e), code: e.code });
  }
});
parentPort.postMessage({ ready: true });
`;
