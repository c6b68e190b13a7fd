import { describe, expect, it } from 'vitest';
import { releaseGarbage, WORTH_COLLECTING_BYTES } from '../../../src/engine/memory.js';

describe('releaseGarbage', () => {
  it('collects what nothing refers to any more, whenever it is asked', async () => {
    const refs = [0, 1].map(() => new WeakRef({ rows: new Array<number>(10_000).fill(1) }));
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseGarbage(WORTH_COLLECTING_BYTES);
    expect(refs[0]!.deref()).toBeUndefined();
    const again = new WeakRef({ rows: new Array<number>(10_000).fill(2) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    releaseGarbage(10 * WORTH_COLLECTING_BYTES);
    expect(again.deref()).toBeUndefined();
  });
});
