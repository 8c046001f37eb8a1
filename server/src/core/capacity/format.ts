// Wording shared by the CapacityModel's messages, hovers and summaries.
import { formatMs, formatNumber } from '../units';

/** `1 unit`, `28 units`, `1,240 connections`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n, 0)} ${n === 1 ? singular : plural}`;
}

/** A drain or scale-out time as people say it: `45 s`, `46.3 min`, `2.5 h` (never "1,851.85 s"). */
export function formatSeconds(s: number): string {
  if (s >= 2 * 3600) return `${formatNumber(s / 3600, 1)} h`;
  if (s >= 120) return `${formatNumber(s / 60, 1)} min`;
  return formatMs(s * 1000);
}

export const rps = (n: number): string => `${formatNumber(n)} rps`;
