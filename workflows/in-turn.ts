/**
 * A FIFO lock for a workflow's handlers: each call waits for the one before it, in the order they
 * arrive, and re-checks its own preconditions when its turn comes. (Two handlers woken by one
 * `condition` could otherwise both go ahead at once.) Only promises: it adds no commands to the
 * history, so workflows that use it replay as before.
 */
export function inTurnLock(): <T>(fn: () => Promise<T>) => Promise<T> {
  let queue: Promise<void> = Promise.resolve();
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    const before = queue;
    let release!: () => void;
    queue = new Promise<void>((r) => (release = r));
    await before;
    try {
      return await fn();
    } finally {
      release();
    }
  };
}
