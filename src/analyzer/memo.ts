/**
 * A pure function of a string, remembered for the keys seen lately: the same few host names, addresses and
 * spellings recur in every mailbox. Bounded whatever the input: once `limit` keys are held, all are forgotten at
 * once (cheaper than tracking the least recent; a mailbox soon refills the few it needs).
 */
export function memoized<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const remembered = new Map<string, T>();
  return (key) => {
    let value = remembered.get(key);
    if (value === undefined) {
      value = compute(key);
      if (remembered.size >= limit) remembered.clear();
      remembered.set(key, value);
    }
    return value;
  };
}
