// Prints the markdown tables of a bench/live JSON-lines result file.
// Usage: node bench/live/report.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const find = (bench) => lines.filter((l) => l.bench === bench);
const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const out = [];
const machine = find('machine');
if (machine.length) out.push(`Machine: ${machine[0].cpus} cores; load average ${machine.map((m) => `${m.loadavg} at the ${m.when}`).join(', ')} of the run.\n`);

const joinCases = {
  waiting: "technician waiting: the phone's join",
  live: "live phone: the console's navigation start",
};
for (const s of find('join_to_first_frame_summary')) {
  out.push(`\nJoin to first painted frame (${s.joins} joins, ${joinCases[s.case] || "the phone's join"} → requestVideoFrameCallback expectedDisplayTime in the console):\n`);
  out.push(table(['median ms', 'p95 ms', 'min ms', 'max ms'], [[fmt(s.median_ms), fmt(s.p95_ms), fmt(s.min_ms), fmt(s.max_ms)]]));
  if (s.steps) {
    out.push(`\nIts steps (ms after the start, median and p95 over the joins that had the step):\n`);
    out.push(table(['step', 'median ms', 'p95 ms', 'joins'], Object.entries(s.steps).map(([name, v]) => [name, fmt(v.median_ms), fmt(v.p95_ms), v.joins])));
  }
}

for (const s of find('glass_to_glass_summary')) {
  out.push(`\nGlass-to-glass (${s.rounds} alternating rounds of ${s.window_s} s per path; capture → expected display; "receive" is capture → last packet received):\n`);
  out.push(table(['path', 'frames', 'median ms', 'p95 ms', 'receive median ms'], [
    ['relay (console)', s.relay_frames, fmt(s.relay_median_ms), fmt(s.relay_p95_ms), fmt(s.relay_receive_median_ms)],
    ['direct (floor)', s.direct_frames, fmt(s.direct_median_ms), fmt(s.direct_p95_ms), fmt(s.direct_receive_median_ms)],
    ['**relay − direct**', '', `**${fmt(s.relay_minus_direct_median_ms)}**`, fmt(s.relay_minus_direct_p95_ms), fmt(s.relay_minus_direct_receive_median_ms)],
  ]));
  out.push(`\nRelay − direct per round pair (median ms): ${s.relay_minus_direct_round_pairs_ms.map((v) => fmt(v)).join(', ')}; median of pairs ${fmt(s.relay_minus_direct_median_of_pairs_ms)}.`);
}

const cost = find('relay_cost').sort((a, b) => a.sessions - b.sessions);
if (cost.length) {
  const first = cost[0];
  out.push(`\nRelay cost (${first.resolution} ${first.fps} fps pre-encoded VP8 at ${fmt(first.clip_kbps, 0)} kbit/s; one phone and two viewers per session; CPU in % of one core):\n`);
  out.push(table(
    ['sessions', 'forwarded streams', 'server CPU %', 'CPU % / fwd stream', 'server RSS MiB (idle)', 'RSS added KiB / fwd stream', 'threads', 'viewer fps mean / min', 'bench client CPU %'],
    cost.map((c) => [c.sessions, c.forwarded_streams, fmt(c.server_cpu_percent), fmt(c.server_cpu_percent_per_forwarded_stream, 2),
      `${fmt(c.server_rss_mib)} (${fmt(c.server_rss_idle_mib)})`, fmt(c.server_rss_added_kib_per_forwarded_stream, 0), c.server_threads,
      `${fmt(c.viewer_fps_mean)} / ${fmt(c.viewer_fps_min)}`, fmt(c.bench_client_cpu_percent)]),
  ));
}
console.log(out.join('\n'));
