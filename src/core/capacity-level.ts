// How full a place is, in the steps an organizer acts on: at 80 % someone watches the doors, at
// 90 % the doors slow down, at 100 % they stop. One rule for the dashboard's colours, the
// capacity.threshold alert and the console, so the number that turns a tile red is the number
// that sends the webhook.

/** The thresholds, in percent of capacity, lowest first. */
export const CAPACITY_THRESHOLDS = [80, 90, 100] as const;
export type CapacityLevel = 0 | (typeof CAPACITY_THRESHOLDS)[number];

/**
 * The highest threshold `inside` has reached (0 below the first). No capacity (null) or a capacity
 * of 0 with nobody inside is never a level; a capacity of 0 with anyone inside is full.
 */
export function capacityLevel(inside: number, capacity: number | null): CapacityLevel {
  if (capacity === null) return 0;
  if (capacity <= 0) return inside > 0 ? 100 : 0;
  let level: CapacityLevel = 0;
  // Integer arithmetic: 4 of 5 is exactly 80 %, never 79.999….
  for (const t of CAPACITY_THRESHOLDS) if (inside * 100 >= capacity * t) level = t;
  return level;
}
