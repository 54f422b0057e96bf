import { describe, expect, it } from 'vitest';
import { parseStepAction } from '../../src/serve/actions.js';
import { HttpError } from '../../src/serve/http-json.js';
import type { AgentAction } from '../../src/roles/role.js';

const SHAPES = 'an action is {"say": text}, {"call": tool, "args": {…}} or {"finish": text?}';

describe('parseStepAction', () => {
  it.each<[unknown, AgentAction]>([
    [{ action: { say: 'hi' } }, { type: 'say', text: 'hi' }],
    [{ action: { call: 'get', args: { id: 1 } } }, { type: 'call', tool: 'get', args: { id: 1 } }],
    [{ action: { call: 'get' } }, { type: 'call', tool: 'get', args: {} }],
    [{ action: { finish: 'bye' } }, { type: 'finish', text: 'bye' }],
    [{ action: { finish: null } }, { type: 'finish' }],
    [{ action: { finish: '' } }, { type: 'finish' }],
  ])('%j → %j', (body, action) => expect(parseStepAction(body)).toEqual(action));

  it.each<[unknown, string, string]>([
    [null, 'bad_request', `the body must be {"action": …}; ${SHAPES}`],
    [[], 'bad_request', `the body must be {"action": …}; ${SHAPES}`],
    [{ say: 'hi' }, 'bad_request', `the body must be {"action": …}; ${SHAPES}`],
    [{ action: 'hi' }, 'bad_action', `action: ${SHAPES}`],
    [{ action: [] }, 'bad_action', `action: ${SHAPES}`],
    [{ action: {} }, 'bad_action', `action: ${SHAPES}`],
    [{ action: { shout: 'hi' } }, 'bad_action', `action: ${SHAPES}`],
    [{ action: { say: '' } }, 'bad_action', 'action.say: say: needs some text'],
    [{ action: { say: 3 } }, 'bad_action', 'action.say: Invalid input: expected string, received number'],
    [{ action: { call: '' } }, 'bad_action', 'action.call: call: needs a tool name'],
    [{ action: { call: 'get', args: [1] } }, 'bad_action', 'action.args: Invalid input: expected record, received array'],
    [{ action: { say: 'hi', extra: 1 } }, 'bad_action', `action: unknown key "extra" (${SHAPES})`],
    [{ action: { finish: 3 } }, 'bad_action', 'action.finish: Invalid input: expected string, received number'],
  ])('%j is a 400 %s', (body, code, message) => {
    try {
      parseStepAction(body);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(HttpError);
      expect(err).toMatchObject({ status: 400, code, message });
    }
  });
});
