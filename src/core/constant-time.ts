// Comparing secrets or issued tokens with `===` or an early-exit loop leaks, through timing, how
// many leading bytes matched; an attacker at a door (or against the API) could then forge a token
// byte by byte. This loop always touches every byte. Lengths are public in every place we use it
// (token and digest lengths are fixed by the format), so a length mismatch returns early.

/** True when a and b hold the same bytes; time depends only on the length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
