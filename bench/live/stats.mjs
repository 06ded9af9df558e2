// Order statistics of a list of milliseconds (nearest-rank percentiles), rounded to 0.1 ms.
const round = (value) => (value === null ? null : Math.round(value * 10) / 10);

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted.length ? sorted[0] : null),
    max: round(sorted.length ? sorted[sorted.length - 1] : null),
  };
}
