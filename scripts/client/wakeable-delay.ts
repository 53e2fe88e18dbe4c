/**
 * Wait `ms`, or less: `setWake` is handed a function that ends the wait at
 * once, and is handed undefined when the wait ends either way.
 */
export function wakeableDelay(ms: number, setWake: (wake: (() => void) | undefined) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(end, ms);
    function end() {
      clearTimeout(timer);
      setWake(undefined);
      resolve();
    }
    setWake(end);
  });
}
