/**
 * How large and deep a rule-set document may be before anything validates or runs it (security
 * audit, issue 14): the validator recurses, so 2 000 levels of nesting overflowed the stack, and
 * 15 000 conditions held the web tier's event loop for 9 s. The shipped sets are far inside these
 * limits (about 2 400 values, 11 levels, 40 conditions).
 */
export const MAX_DEPTH = 32;
export const MAX_VALUES = 50_000;
export const MAX_CONDITIONS = 1_000;

/** A Swedish message when `doc` exceeds a limit, else null. Walks without recursion. */
export function documentLimitProblem(doc: unknown): string | null {
  let values = 0;
  let conditions = 0;
  const stack: [unknown, number][] = [[doc, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) return `Regeluppsättningen är för djupt nästlad (högst ${MAX_DEPTH} nivåer).`;
    if (++values > MAX_VALUES) return `Regeluppsättningen är för stor (högst ${MAX_VALUES.toLocaleString('sv-SE')} värden).`;
    if (typeof node !== 'object' || node === null) continue;
    if (!Array.isArray(node) && 'operator' in node && ++conditions > MAX_CONDITIONS) {
      return `Regeluppsättningen har för många villkor (högst ${MAX_CONDITIONS.toLocaleString('sv-SE')}).`;
    }
    for (const value of Object.values(node)) stack.push([value, depth + 1]);
  }
  return null;
}
