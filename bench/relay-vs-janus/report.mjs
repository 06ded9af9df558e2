// Prints the side-by-side table of a bench/relay-vs-janus JSON-lines result file.
// Usage: node bench/relay-vs-janus/report.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const ratio = (a, b) => (a === undefined || b === undefined || !b ? '–' : `${fmt(a / b, 2)}×`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const bySessions = (keep) => new Map(lines.filter(keep).map((l) => [l.sessions, l]));
// The relay on its own SQLite (the first series), and on PostgreSQL with one and two nodes.
const relay = bySessions((l) => l.bench === 'relay_cost' && (l.database ?? 'sqlite') === 'sqlite');
const onPg = (nodes) => bySessions((l) => l.bench === 'relay_cost' && l.database === 'postgres' && l.nodes === nodes);
const pg1 = onPg(1);
const pg2 = onPg(2);
const janus = bySessions((l) => l.bench === 'janus_cost');
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

const delays = (r) => (r ? `${fmt(r.viewer_loss_percent, 2)} % / ${fmt(r.viewer_added_delay_ms_p50)} / ${fmt(r.viewer_added_delay_ms_p95)} / ${fmt(r.viewer_added_delay_ms_max)}` : '–');
out.push('\nLoss and added delay as the load grows (loss from the viewers\' RTP sequence numbers; added delay: each frame\'s one-way transit above its stream\'s fastest frame in the window, p50 / p95 / max in ms):\n');
out.push(table(['sessions', 'relay: loss / delay', 'Janus: loss / delay'], loads.map((n) => [n, delays(relay.get(n)), delays(janus.get(n))])));

const pgLoads = [...new Set([...pg1.keys(), ...pg2.keys()])].sort((a, b) => a - b);
if (pgLoads.length) {
  const node = (r) => (r ? [fmt(r.server_cpu_percent), fmt(r.server_cpu_percent_per_forwarded_stream, 2), fmt(r.server_rss_mib, 0), `${fmt(r.viewer_fps_mean)} / ${fmt(r.viewer_fps_min)}`, delays(r)] : ['–', '–', '–', '–', '–']);
  out.push('\nTwo nodes against one, both on one PostgreSQL (session k on node k mod 2; CPU and RSS summed over the nodes):\n');
  out.push(table(
    ['sessions', 'nodes', 'CPU %', 'CPU % / fwd stream', 'RSS MiB', 'viewer fps mean / min', 'loss / delay p50 / p95 / max'],
    pgLoads.flatMap((n) => [[n, 1, ...node(pg1.get(n))], [n, 2, ...node(pg2.get(n))]]),
  ));
}
console.log(out.join('\n'));
