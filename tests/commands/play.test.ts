import { describe, expect, it } from 'vitest';
import { playEnvironment } from '../../src/commands/play.js';

describe('playEnvironment (what Ink and React read when the playground loads)', () => {
  it.each<[string, NodeJS.ProcessEnv, NodeJS.ProcessEnv]>([
    ['nothing set: React in production', {}, { NODE_ENV: 'production' }],
    ['NODE_ENV set by the user is kept', { NODE_ENV: 'development' }, { NODE_ENV: 'development' }],
    ['CI set: Ink still draws the live screen', { CI: 'true' }, { CI: 'false', NODE_ENV: 'production' }],
    ['CONTINUOUS_INTEGRATION too', { CONTINUOUS_INTEGRATION: '1' }, { CONTINUOUS_INTEGRATION: 'false', NODE_ENV: 'production' }],
    ['NO_COLOR: chalk gets FORCE_COLOR=0', { NO_COLOR: '1' }, { NO_COLOR: '1', FORCE_COLOR: '0', NODE_ENV: 'production' }],
    ['an empty NO_COLOR is no NO_COLOR', { NO_COLOR: '' }, { NO_COLOR: '', NODE_ENV: 'production' }],
  ])('%s', (_what, env, expected) => {
    playEnvironment(env);
    expect(env).toEqual(expected);
  });
});
