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
  if (!ajvValidate(JSON.parse(text))) throw new Error(`ajv rejects ${text}: ${ajv.errorsText(ajvValidate.errors)}`);
}

let sink = 0;
function rate(run: (text: string) => unknown): number {
  const rounds = 15;
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (const text of messages) if (run(text)) sink++;
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rates.push(messages.length / seconds);
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1]!;
}

// Interleaved warm-up so that each path is optimised before it is timed.
for (let i = 0; i < 3; i++) {
  rate((t) => JSON.parse(t));
  rate((t) => ajvValidate(JSON.parse(t)));
  rate((t) => TelemetryReading.unmarshal(t));
}
const parse = rate((t) => JSON.parse(t));
const withAjv = rate((t) => ajvValidate(JSON.parse(t)));
const ours = rate((t) => TelemetryReading.unmarshal(t));
const m = (n: number) => (n / 1e6).toFixed(3);
console.log(`unmarshal bench: ${messages.length} TelemetryReading messages, median of 15 rounds (M msg/s)`);
console.log(`  JSON.parse                              ${m(parse)}`);
console.log(`  JSON.parse + ajv (allErrors, formats)   ${m(withAjv)}`);
console.log(`  TelemetryReading.unmarshal (ours)       ${m(ours)}`);
console.log(`  ours / ajv = ${(ours / withAjv).toFixed(2)} (target >= 1)   ours / JSON.parse = ${(ours / parse).toFixed(2)} (target >= 0.5)`);
if (sink < 0) console.log(sink);
