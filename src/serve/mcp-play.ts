import type { Task } from '../domain/task.js';
import { UserError } from '../errors.js';
import { OutsideAgent } from '../roles/outside-agent.js';
import { listen, type Listening } from './listen.js';
import { MCP_PATH, McpHttpHost } from './mcp-http.js';
import type { McpBinding } from './mcp-session.js';

/** A playground session's agent side, waiting for an MCP client to take it. */
export interface Seat {
  agent: OutsideAgent;
  /** Resolves when a client has taken the seat (its first tool call): the session may start. */
  taken: Promise<void>;
  /** Set by the playground: its recording, and how to end it when the client goes away. */
  file: string | null;
  abort: () => void;
}

/**
 * `play --agent mcp`: one MCP endpoint (streamable HTTP on loopback) for the whole playground. Each
 * session the playground starts is a seat that the next MCP client to call a tool takes; the session
 * starts then, so its recording names that client. One client per session: another connection's
 * calls are refused while the seat is taken, and a client that goes away ends the session (saved, incomplete).
 */
export class PlaygroundMcp {
  private seat: (Seat & { take: (client: string) => void; holder: string | null }) | null = null;

  private constructor(
    private readonly host: McpHttpHost,
    private readonly up: Listening,
  ) {}

  static async start(task: Task, port: number, version: string): Promise<PlaygroundMcp> {
    let self: PlaygroundMcp | null = null;
    const host = new McpHttpHost({ bind: () => self!.binding(task), version, idleMs: 24 * 3600_000, maxSessions: 16 });
    let up: Listening;
    try {
      up = await listen(host.handle, '127.0.0.1', port);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new UserError(`play: port ${port} is in use (--port 0 picks a free one)`);
      throw err;
    }
    self = new PlaygroundMcp(host, up);
    return self;
  }

  /** The URL an MCP client connects to. */
  get url(): string {
    return `${this.up.url}${MCP_PATH}`;
  }

  /** A new session's agent: played by the next MCP client that calls a tool. */
  open(): Seat {
    let resolve!: () => void;
    const taken = new Promise<void>((r) => (resolve = r));
    const agent = new OutsideAgent({ kind: 'mcp' });
    const seat: NonNullable<PlaygroundMcp['seat']> = {
      agent,
      taken,
      file: null,
      abort: () => undefined,
      holder: null,
      take: (client: string) => {
        // The recording's header holds this same info object and is written when the session starts.
        agent.info.client = client;
        seat.holder = client;
        void agent.opening();
        resolve();
      },
    };
    this.seat = seat;
    return seat;
  }

  async close(): Promise<void> {
    await this.host.close();
    await this.up.close();
  }

  private binding(task: Task): McpBinding {
    let mine: PlaygroundMcp['seat'] = null;
    return {
      task,
      open: (client) => {
        const seat = this.seat;
        if (!seat) throw new UserError('no playground session is waiting for an agent');
        if (seat.holder !== null && mine !== seat) throw new UserError(`this playground session is played by another connection (${seat.holder})`);
        if (mine !== seat) {
          mine = seat;
          seat.take(client);
        }
        return { step: (action) => seat.agent.step(action), file: seat.file };
      },
      closed: async () => {
        if (mine && !mine.agent.result) mine.abort();
      },
    };
  }
}
