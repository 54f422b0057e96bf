import { describe, expect, it } from 'vitest';
import type { AgentAction, UserAction } from '../../src/roles/role.js';
import { anytimeCommand, type CommandContext, type CommandResult, interpret, SLASH_COMMANDS, type Side } from '../../src/ui/commands.js';
import { exampleTask } from '../helpers/tasks.js';

/** A context that records every intent; `inspect` answers as the session screen would for events 0–9. */
function context(side: Side) {
  const did: string[] = [];
  const agent: AgentAction[] = [];
  const user: UserAction[] = [];
  const ctx: CommandContext = {
    side,
    task: exampleTask(),
    agent: (a) => void agent.push(a),
    user: (u) => void user.push(u),
    openTools: () => void did.push('tools'),
    toggleHelp: () => void did.push('help'),
    toggleSpoiler: () => void did.push('spoiler'),
    inspect: (seq): CommandResult => (did.push(`inspect ${seq}`), seq === null || seq < 10 ? { ok: true } : { ok: false, error: `no event #${seq}` }),
  };
  return { ctx, did, agent, user };
}

describe('interpret: plain text', () => {
  it.each<[Side, string]>([
    ['agent', '  What is your booking?  '],
    ['user', 'It is BK-4411.'],
  ])('is a message of the %s side, trimmed', (side, line) => {
    const c = context(side);
    expect(interpret(line, c.ctx)).toEqual({ ok: true });
    const sent = side === 'agent' ? c.agent : c.user;
    expect(sent).toEqual([{ type: 'say', text: line.trim() }]);
  });

  it('an empty or blank line does nothing, with an empty error', () => {
    const c = context('agent');
    expect(interpret('   ', c.ctx)).toEqual({ ok: false, error: '' });
    expect([c.agent, c.user, c.did]).toEqual([[], [], []]);
  });
});

describe('interpret: slash commands', () => {
  it.each<[Side, string, string[], AgentAction[], UserAction[]]>([
    ['agent', '/finish', [], [{ type: 'finish' }], []],
    ['agent', '/finish   Have a good trip!  ', [], [{ type: 'finish', text: 'Have a good trip!' }], []],
    ['agent', '/FINISH', [], [{ type: 'finish' }], []],
    ['agent', '/tools', ['tools'], [], []],
    ['agent', '/help', ['help'], [], []],
    ['user', '/help', ['help'], [], []],
    ['user', '/spoiler', ['spoiler'], [], []],
    ['user', '/stop', [], [], [{ type: 'stop' }]],
    ['agent', '/inspect', ['inspect null'], [], []],
    ['agent', '/inspect 3', ['inspect 3'], [], []],
    ['user', '/inspect #4', ['inspect 4'], [], []],
  ])('%s %j', (side, line, intents, agentMoves, userMoves) => {
    const c = context(side);
    expect(interpret(line, c.ctx)).toEqual({ ok: true });
    expect(c.did).toEqual(intents);
    expect(c.agent).toEqual(agentMoves);
    expect(c.user).toEqual(userMoves);
  });

  it.each<[Side, string, string]>([
    ['agent', '/nope', 'unknown command /nope (see /help)'],
    ['agent', '/', 'unknown command / (see /help)'],
    ['user', '/finish', '/finish is for the agent side'],
    ['user', '/call get_booking {}', '/call is for the agent side'],
    ['agent', '/stop', '/stop is for the user side'],
    ['agent', '/inspect x', 'usage: /inspect [SEQ] (an event number as in the transcript, not "x")'],
    ['agent', '/inspect -1', 'usage: /inspect [SEQ] (an event number as in the transcript, not "-1")'],
    ['agent', '/inspect 1.5', 'usage: /inspect [SEQ] (an event number as in the transcript, not "1.5")'],
    ['agent', '/inspect 12', 'no event #12'],
  ])('%s %j: %j, and no move', (side, line, error) => {
    const c = context(side);
    expect(interpret(line, c.ctx)).toEqual({ ok: false, error });
    expect([c.agent, c.user]).toEqual([[], []]);
  });
});

describe('/call and /call!', () => {
  /** Arguments one level past the limit: the object, and 64 arrays. */
  const DEEP = `${'['.repeat(64)}${']'.repeat(64)}`;

  const call = (line: string) => {
    const c = context('agent');
    return { result: interpret(line, c.ctx), moves: c.agent };
  };

  it.each<[string, AgentAction]>([
    ['/call get_booking {"booking_id": "BK-4411"}', { type: 'call', tool: 'get_booking', args: { booking_id: 'BK-4411' } }],
    ['/call! get_booking {"booking_id": 42}', { type: 'call', tool: 'get_booking', args: { booking_id: 42 } }],
    ['/call! teleport', { type: 'call', tool: 'teleport', args: {} }],
    ['/call! get_booking [1, 2]', { type: 'call', tool: 'get_booking', args: [1, 2] }],
    // Unchecked: the session keeps it as text and the mock answers it as invalid.
    [`/call! get_booking {"booking_id": ${DEEP}}`, { type: 'call', tool: 'get_booking', args: { booking_id: JSON.parse(DEEP) } }],
  ])('%j is sent as %j', (line, move) => {
    const { result, moves } = call(line);
    expect(result).toEqual({ ok: true });
    expect(moves).toEqual([move]);
  });

  it.each<[string, RegExp]>([
    ['/call', /^usage: \/call TOOL \{json\}$/],
    ['/call teleport {}', /^unknown tool "teleport" \(tools: get_booking, /],
    // No space before the JSON: the whole word is taken as the tool's name.
    ['/call get_booking{"booking_id":"BK-4411"}', /^unknown tool "get_booking\{/],
    ['/call get_booking {oops', /^bad JSON: /],
    ['/call get_booking [1]', /^arguments must be a JSON object/],
    ['/call get_booking "x"', /^arguments must be a JSON object/],
    ['/call get_booking {"booking_id": 42}', /^invalid arguments for get_booking: booking_id: /],
    ['/call get_booking {}', /^invalid arguments for get_booking: booking_id: /],
    [`/call get_booking {"booking_id": ${DEEP}}`, /^invalid arguments for get_booking: booking_id\[0\]\[0\]\[0\]\[0\]\[0\]…: nested deeper than 64 levels$/],
  ])('%j is refused: %s', (line, error) => {
    const { result, moves } = call(line);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
    expect(moves).toEqual([]);
  });

  it('/call TOOL alone shows the tool\'s schema to write the call from (info, not an error)', () => {
    const { result, moves } = call('/call get_booking');
    expect(result).toMatchObject({ ok: false, info: true });
    if (!result.ok) {
      expect(result.error.split('\n')[0]).toBe('/call get_booking {json} — the arguments, as in:');
      expect(result.error).toContain('booking_id');
    }
    expect(moves).toEqual([]);
  });
});

describe('anytimeCommand', () => {
  it.each<[string, string | undefined]>([
    ['/inspect 3', 'inspect'],
    ['  /INSPECT', 'inspect'],
    ['/finish', undefined],
    ['/help', undefined],
    ['inspect', undefined],
    ['', undefined],
  ])('%j → %j', (line, name) => expect(anytimeCommand(line)?.name).toBe(name));
});

describe('SLASH_COMMANDS', () => {
  it('has one row per name, each with help text and at least one side', () => {
    const names = SLASH_COMMANDS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of SLASH_COMMANDS) {
      expect(c.help.length).toBeGreaterThan(0);
      expect(c.sides.length).toBeGreaterThan(0);
    }
  });
});
