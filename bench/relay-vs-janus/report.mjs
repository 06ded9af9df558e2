// Prints the side-by-side table of a bench/relay-vs-janus JSON-lines result file.
// Usage: node bench/relay-vs-janus/report.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined || !b ? '–' : `${fmt(a / b, 2)}×`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const bySessions = (bench) => new Map(lines.filter((l) => l.bench === bench).map((l) => [l.sessions, l]));
const relay = bySessions('relay_cost');
const janus = bySessions('janus_cost');
const loads = [...new Set([...relay.keys(), ...janus.keys()])].sort((a, b) => a - b);
const out = [];

const machine = lines.filter((l) => l.bench === 'machine');
if (machine.length) {
  out.push(`Machine: ${machine[0].cpus} cores; load average ${machine[0].loadavg} at the start, ${machine[machine.length - 1].loadavg} at the end of the run.`);
}
const first = [...relay.values(), ...janus.values()][0];
if (first) {
  const version = [...janus.values()].map((j) => j.janus_version).find(Boolean) ?? 'Janus';
  out.push(`${first.resolution} ${first.fps} fps pre-encoded VP8 at ${fmt(first.clip_kbps, 0)} kbit/s; one publisher and two viewers per session; ${version}; CPU in % of one core, RSS added against the idle server.\n`);
}
const stream = (r) => (r ? `${fmt(r.viewer_fps_mean)} / ${fmt(r.viewer_fps_min)} / ${fmt(r.viewer_loss_percent, 2)} %` : '–');
out.push(table(
  ['sessions', 'fwd streams', 'CPU % / fwd stream: relay', 'Janus', '**relay ÷ Janus**', 'RSS KiB / fwd stream: relay', 'Janus', '**relay ÷ Janus**',
    'server CPU %: relay / Janus', 'viewer fps mean / min / loss: relay', 'Janus'],
  loads.map((n) => {
    const r = relay.get(n);
    const j = janus.get(n);
    return [n, fmt((r ?? j).forwarded_streams, 0),
      fmt(r?.server_cpu_percent_per_forwarded_stream, 2), fmt(j?.server_cpu_percent_per_forwarded_stream, 2),
      `**${ratio(r?.server_cpu_percent_per_forwarded_stream, j?.server_cpu_percent_per_forwarded_stream)}**`,
      fmt(r?.server_rss_added_kib_per_forwarded_stream, 0), fmt(j?.server_rss_added_kib_per_forwarded_stream, 0),
      `**${ratio(r?.server_rss_added_kib_per_forwarded_stream, j?.server_rss_added_kib_per_forwarded_stream)}**`,
      `${fmt(r?.server_cpu_percent)} / ${fmt(j?.server_cpu_percent)}`, stream(r), stream(j)];
  }),
));
console.log(out.join('\n'));
