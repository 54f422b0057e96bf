import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyedCache } from '../../src/adapters/keyed-cache.js';
import { AUDIT_JUDGE_CACHE_FORMAT, type InventionVerdict, MODEL_MARK, modelInventionCheck } from '../../src/roles/model-audit.js';
import { agent, call, ok, sequence, user } from '../helpers/events.js';
import { useFakeModel } from '../helpers/paper.js';
import { exampleTask } from '../helpers/tasks.js';

const fake = useFakeModel();
const cache = (): KeyedCache<InventionVerdict> => new KeyedCache(join(mkdtempSync(join(tmpdir(), 'synthagent-audit-')), 'audit.json'), AUDIT_JUDGE_CACHE_FORMAT);
const task = exampleTask();
const events = sequence([
  user(task.instruction),
  agent('What is your booking reference?'),
  call('c1', 'get_booking', { booking_id: 'BK-4411' }),
  ok('c1', { flight: 'UA12' }),
  user("It's BK-4411, and my loyalty number is LY-99."),
  agent('Thanks.'),
  user('That is all.'),
]);

describe('modelInventionCheck', () => {
  it('asks once per user reply after the opening, with what the user was given and what came before', async () => {
    fake.server().script([{ text: '{"invented": true, "what": "loyalty number LY-99"}' }, { text: '{"invented": false, "what": ""}' }]);
    const findings = await modelInventionCheck(fake.client(), 'fake', cache())(task, events);
    expect(findings).toEqual([{ seq: 4, side: 'user', kind: 'invented_value', detail: `${MODEL_MARK} fake says the reply states what the user was not given: loyalty number LY-99` }]);
    const asked = fake.server().requests.map((r) => r.body.messages[1].content as string);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain(`What the user wants: ${task.fullInstruction}`);
    expect(asked[0]).toContain('Fact: booking reference: BK-4411');
    expect(asked[0]).toContain('AGENT calls get_booking({"booking_id":"BK-4411"})');
    expect(asked[0]).toContain('TOOL returns: {"flight":"UA12"}');
    expect(asked[0]).toMatch(/The reply to judge:\nUSER: It's BK-4411, and my loyalty number is LY-99\.$/);
    expect(asked[1]).toContain("USER: It's BK-4411, and my loyalty number is LY-99.\nAGENT: Thanks.");
    expect(fake.server().requests[0]!.body.temperature).toBe(0);
  });

  it('a second audit with the same cache asks nothing and finds the same', async () => {
    const c = cache();
    fake.server().script([{ text: '{"invented": true, "what": ""}' }, { text: '{"invented": false, "what": ""}' }]);
    const first = await modelInventionCheck(fake.client(), 'fake', c)(task, events);
    const second = await modelInventionCheck(fake.client(), 'fake', c)(task, events);
    expect(second).toEqual(first);
    expect(first[0]?.detail).toMatch(/: \(not said\)$/);
    expect(fake.server().requests).toHaveLength(2);
  });

  it('another model is asked again (the cache is by model)', async () => {
    const c = cache();
    fake.server().script(() => ({ text: '{"invented": false, "what": ""}' }));
    await modelInventionCheck(fake.client(), 'fake', c)(task, events);
    await modelInventionCheck(fake.client(), 'other', c)(task, events);
    expect(fake.server().requests).toHaveLength(4);
  });

  it('an answer out of contract is asked again with the reason; two bad answers fail the audit naming the reply', async () => {
    fake.server().script([{ text: '{"invented": "yes"}' }, { text: '{"invented": false, "what": ""}' }, { text: 'no' }, { text: 'still no' }]);
    const check = modelInventionCheck(fake.client(), 'fake', cache());
    await expect(check(task, events)).rejects.toThrow(/^the audit model gave no valid answer for seq 6: /);
    expect(fake.server().requests[1]!.body.messages[1].content).toContain('Your last answer was rejected: ');
  });

  it('a log with only the opening message asks nothing', async () => {
    expect(await modelInventionCheck(fake.client(), 'fake', cache())(task, sequence([user(task.instruction), agent('Hi')]))).toEqual([]);
    expect(fake.server().requests).toHaveLength(0);
  });
});
