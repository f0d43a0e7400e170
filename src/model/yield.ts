/**
 * Gives the event loop a turn between batches so a server stays responsive and a progress bar redraws:
 * setImmediate in Node (runs after pending I/O), a MessageChannel message in browsers (a resolved
 * promise alone would only run microtasks and starve rendering), else a resolved promise.
 */
export const yieldToEventLoop: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown; MessageChannel?: typeof MessageChannel };
  if (typeof g.setImmediate === 'function') {
    const setImmediateFn = g.setImmediate;
    return () =>
      new Promise<void>((resolve) => {
        setImmediateFn(resolve);
      });
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(0);
      });
  }
  return () => Promise.resolve();
})();
