/** Inverted dropout with a given 0/1 mask: y = x * mask / (1 - rate). y may alias x. */
export function dropoutForward(n: number, rate: number, mask: Float32Array, x: Float32Array, y: Float32Array): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) y[i] = x[i] * mask[i] * keep;
}

/** dx = dy * mask / (1 - rate). dx may alias dy. */
export function dropoutBackward(n: number, rate: number, mask: Float32Array, dy: Float32Array, dx: Float32Array): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < n; i++) dx[i] = dy[i] * mask[i] * keep;
}
