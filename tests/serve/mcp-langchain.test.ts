import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { type RunningServer, startServer } from '../../src/commands/serve.js';
import { useTempDirs } from '../helpers/cli.js';
import { bundled, planFor, playReferenceOverMcp } from '../helpers/serve.js';

const tempDir = useTempDirs('synthagent-langchain-');
let server: RunningServer | null = null;
afterAll(async () => server?.close());

describe('an agent framework plays a served task: @langchain/mcp-adapters over streamable HTTP', () => {
  it('loads the served tools as LangChain tools (schemas intact) and plays the reference through them to score 1', async () => {
    server = await startServer(planFor(tempDir(), { mcp: 'http', task: 'retail-return-item' }), () => undefined);
    const client = new MultiServerMCPClient({ mcpServers: { synthagent: { transport: 'http', url: server.url! } } });
    try {
      const tools = await client.getTools();
      const task = bundled('retail-return-item');
      expect(tools.map((t) => t.name).sort()).toEqual([...task.tools.map((t) => t.name), 'finish', 'send_message_to_user'].sort());
      for (const t of task.tools) expect(tools.find((x) => x.name === t.name)?.schema).toEqual(t.parameters);
      const byName = new Map(tools.map((t) => [t.name, t]));
      const result = await playReferenceOverMcp(task, async (name, args) => {
        const out: unknown = await byName.get(name)!.invoke(args);
        return { text: typeof out === 'string' ? out : JSON.stringify(out), isError: false };
      });
      expect(result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
      const rec = readRecording(result.recording!);
      expect(rec.complete).toBe(true);
      expect(rec.roles.agent.kind).toBe('mcp');
      expect(rec.roles.agent.client).toMatch(/\S+ \S+/);
    } finally {
      await client.close();
    }
  }, 60_000);
});
