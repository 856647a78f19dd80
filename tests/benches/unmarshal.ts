// Unmarshal + validate throughput of the example's TelemetryReading in node (issue 9's
// benchmark): the generated `TelemetryReading.unmarshal`, against bare `JSON.parse` and
// against `JSON.parse` followed by an ajv 8 validator (allErrors, ajv-formats) compiled from
// the same schema. Run through `cargo bench -p workspace-tests --bench unmarshal`, which
// bundles this file and passes the schema; it prints figures and asserts nothing about time.
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { TelemetryReading } from '__GEN__/payloads/TelemetryReading.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as object;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const ajvValidate = ajv.compile(schema);

// Messages as a device sends them: valid, with some variety, some with a location.
const messages: string[] = [];
for (let i = 0; i < 10_000; i++) {
  const reading: Record<string, unknown> = {
    temperature: 18 + (i % 70) / 10,
    humidity: (i * 7) % 101,
    batteryPercent: i % 101,
    measuredAt: new Date(Date.UTC(2026, 11, 3, 10, i % 60, i % 60, i % 1000)).toISOString(),
  };
  if (i % 3 === 0) reading['location'] = { lat: 55.6 + (i % 10) / 100, lon: 12.5 };
  messages.push(JSON.stringify(reading));
}

// Every message must pass all three, or the comparison means nothing.
for (const text of messages) {
  TelemetryReading.unmarshal(text);
  if (!ajvValidate(JSON.parse(text)))
    throw new Error(`ajv rejects ${text}: ${ajv.errorsText(ajvValidate.errors)}`);
}

let sink = 0;
function seconds(run: (text: string) => unknown): number {
  const start = process.hrtime.bigint();
  for (const text of messages) if (run(text)) sink++;
  return Number(process.hrtime.bigint() - start) / 1e9;
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1]!;

const candidates: [string, (text: string) => unknown][] = [
  ['JSON.parse', (t) => JSON.parse(t)],
  ['JSON.parse + ajv (allErrors, formats)', (t) => ajvValidate(JSON.parse(t))],
  ['TelemetryReading.unmarshal (ours)', (t) => TelemetryReading.unmarshal(t)],
];
// Warm-up, so that each path is optimised before it is timed.
for (let i = 0; i < 5; i++) for (const [, run] of candidates) seconds(run);
// The machine is noisy and its load drifts: the three are timed in turn within each round,
// and the ratios are taken within a round before the median, so a slow spell hits all three.
const rounds = 31;
const times: number[][] = candidates.map(() => []);
for (let r = 0; r < rounds; r++) {
  candidates.forEach(([, run], i) => times[i]!.push(seconds(run)));
}
const rate = (i: number) => messages.length / median(times[i]!) / 1e6;
const ratio = (i: number, j: number) => median(times[i]!.map((t, r) => times[j]![r]! / t));
console.log(
  `unmarshal bench: ${messages.length} TelemetryReading messages, median of ${rounds} interleaved rounds (M msg/s)`,
);
candidates.forEach(([label], i) => console.log(`  ${label.padEnd(40)}${rate(i).toFixed(3)}`));
console.log(
  `  ours / ajv = ${ratio(2, 1).toFixed(2)} (target >= 1)   ours / JSON.parse = ${ratio(2, 0).toFixed(2)} (target >= 0.5)`,
);
if (sink < 0) console.log(sink);
