/** Shares a character budget between message parts: small wants are met in full, the rest share what is left equally. */
export function waterFill(wants: number[], total: number): number[] {
  const give = wants.map(() => 0);
  let left = Math.max(0, total);
  let open = wants.map((_, i) => i);
  while (open.length > 0) {
    const share = Math.floor(left / open.length);
    const small = open.filter((i) => wants[i]! <= share);
    if (small.length === 0) {
      for (const i of open) give[i] = share;
      break;
    }
    for (const i of small) {
      give[i] = wants[i]!;
      left -= wants[i]!;
    }
    open = open.filter((i) => wants[i]! > share);
  }
  return give;
}
