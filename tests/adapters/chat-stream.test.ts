import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { StreamedAnswer } from '../../src/adapters/chat-stream.js';

type Delta = ChatCompletionChunk.Choice.Delta;
const chunk = (delta: Delta, finish: ChatCompletionChunk.Choice['finish_reason'] = null, index = 0): ChatCompletionChunk => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'm',
  choices: [{ index, delta, finish_reason: finish }],
});
const fed = (...chunks: ChatCompletionChunk[]): StreamedAnswer => {
  const s = new StreamedAnswer();
  for (const c of chunks) s.add(c);
  return s;
};

describe('StreamedAnswer', () => {
  it('nothing added: no content, no calls, not finished', () => {
    const s = new StreamedAnswer();
    expect(s.answer()).toEqual({ content: null, refusal: null, toolCalls: [] });
    expect(s.text()).toBe('');
    expect(s.finished).toBe(false);
  });

  it('content pieces are concatenated; the finish reason makes it whole', () => {
    const s = fed(chunk({ role: 'assistant' }), chunk({ content: 'Hel' }), chunk({ content: 'lo' }));
    expect(s.text()).toBe('Hello');
    expect(s.finished).toBe(false);
    s.add(chunk({}, 'stop'));
    expect(s.finished).toBe(true);
    expect(s.answer()).toEqual({ content: 'Hello', refusal: null, toolCalls: [] });
  });

  it('tool calls by index: id and name as sent, argument pieces concatenated', () => {
    const s = fed(
      chunk({ content: 'Checking.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'lookup', arguments: '{"id":' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'search', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: ' 1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    );
    expect(s.answer()).toEqual({
      content: 'Checking.',
      refusal: null,
      toolCalls: [
        { id: 'call_a', name: 'lookup', arguments: '{"id": 1}' },
        { id: 'call_b', name: 'search', arguments: '{}' },
      ],
    });
    expect(s.text()).toBe('Checking.\nlookup {"id": 1}\nsearch {}');
  });

  it('a server that numbers calls from 1 leaves no hole', () => {
    const s = fed(chunk({ tool_calls: [{ index: 1, id: 'x', function: { name: 'f', arguments: '{}' } }] }));
    expect(s.answer().toolCalls).toEqual([{ id: 'x', name: 'f', arguments: '{}' }]);
  });

  it('a refusal is kept apart from the content', () => {
    const s = fed(chunk({ refusal: 'I can' }), chunk({ refusal: 'not.' }));
    expect(s.answer()).toEqual({ content: null, refusal: 'I cannot.', toolCalls: [] });
    expect(s.text()).toBe('I cannot.');
  });

  it('a usage-only chunk (no choices) changes nothing; choice 0 is read when several come', () => {
    const s = new StreamedAnswer();
    s.add({ ...chunk({}), choices: [] });
    expect(s.answer().content).toBeNull();
    s.add({ ...chunk({}), choices: [{ index: 1, delta: { content: 'other' }, finish_reason: null }, { index: 0, delta: { content: 'mine' }, finish_reason: null }] });
    expect(s.answer().content).toBe('mine');
  });

  it('answer() gives copies: changing them does not change the stream', () => {
    const s = fed(chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] }));
    s.answer().toolCalls[0]!.arguments = 'changed';
    expect(s.answer().toolCalls[0]!.arguments).toBe('{}');
  });
});
