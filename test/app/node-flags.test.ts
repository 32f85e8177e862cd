// `npm start`'s Node flags were chosen by measurement (bench/support.ts, bench/README.md); `npm run dev` and
// the Dockerfile run the app too, and must run it the same way. The bench reads them from package.json.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeFlagsOf, START_NODE_FLAGS } from '../../bench/support.js';

describe("npm start's Node flags", () => {
  it('are the ones the bench measures', () => {
    expect(START_NODE_FLAGS).toContain('--max-semi-space-size=');
    expect(START_NODE_FLAGS.split(' ').every((flag) => flag.startsWith('--'))).toBe(true);
  });

  it('are the same in npm run dev and in the Dockerfile', () => {
    expect(nodeFlagsOf('dev')).toBe(START_NODE_FLAGS);
    const cmd = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8').match(/^CMD (\[.*\])$/m);
    const argv = JSON.parse(cmd![1]!) as string[];
    expect(argv[0]).toBe('node');
    expect(argv.slice(1).filter((word) => word.startsWith('--')).join(' ')).toBe(START_NODE_FLAGS);
  });
});
