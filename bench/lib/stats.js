/*
 * The median the benchmarks report: the middle value, or the mean of the
 * two middle values; null for no values. (Percentiles are not here: each
 * benchmark defines its own, and they differ: nearest rank in
 * bench/browser, floor(q × n) in bench/audit, autocannon's in bench/api.)
 */
'use strict';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

module.exports = { median };
