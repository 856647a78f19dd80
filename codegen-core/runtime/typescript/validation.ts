/** One problem found in a value: where (a JSONPath-like path such as `$.readings[0].sensor`) and what. */
export interface ValidationProblem {
  path: string;
  message: string;
}

/** Thrown when a value does not match its schema; lists every problem found. */
export class ValidationError extends Error {
  readonly problems: ValidationProblem[];

  constructor(what: string, problems: ValidationProblem[]) {
    super(`${what} is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'ValidationError';
    this.problems = problems;
  }
}

/** The data fields of a generated payload or headers class: its instance type without the methods (nested values are plain data). */
export type Fields<T> = Omit<T, 'marshal' | 'toUserProperties'>;

// The own property names of each generated class's prototype (its methods and `constructor`).
const methodNames = new WeakMap<object, string[]>();

/**
 * Makes the validated, freshly parsed object `value` an instance of the class whose prototype is
 * `prototype`, keeping every own property in its order: undeclared properties (which the
 * schema allows) survive unmarshal → marshal. A property named like one of the class's methods
 * (`marshal`, `toUserProperties`, `constructor`) is not kept, so that it cannot replace the
 * method. `value` must not be used elsewhere.
 */
export function adopt<T extends object>(value: unknown, prototype: T): T {
  const object = value as Record<string, unknown>;
  let reserved = methodNames.get(prototype);
  if (reserved === undefined) {
    reserved = Object.getOwnPropertyNames(prototype);
    methodNames.set(prototype, reserved);
  }
  if (!reserved.some((name) => Object.prototype.hasOwnProperty.call(object, name))) {
    return Object.setPrototypeOf(object, prototype) as T;
  }
  const instance = Object.create(prototype) as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!reserved.includes(key)) {
      Object.defineProperty(instance, key, {
        value: object[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return instance as T;
}

/**
 * True when the own keys of the parsed object `value` are all in `declared`, in that order
 * (optional ones may be missing): a generated class's constructor then rebuilds it exactly,
 * which is much faster than `adopt`.
 */
export function inDeclaredOrder(value: unknown, declared: readonly string[]): boolean {
  let next = 0;
  // for..in allocates nothing; an inherited enumerable key (a polluted Object.prototype)
  // matches no declared name in order and only sends the value down the slower path.
  for (const key in value as object) {
    while (next < declared.length && declared[next] !== key) {
      next += 1;
    }
    if (next === declared.length) {
      return false;
    }
    next += 1;
  }
  return true;
}

/** Throws a `ValidationError` naming `what` when `problems` is not empty. */
export function assertValid(what: string, problems: ValidationProblem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(what, problems);
  }
}

/** Decodes UTF-8 strictly, as the Rust side does: invalid bytes throw instead of turning into U+FFFD, and a BOM stays (so JSON.parse refuses it). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes; throws a `ValidationError` naming `what` when they are not valid UTF-8. */
export function decodeUtf8(what: string, data: string | Uint8Array): string {
  if (typeof data === 'string') {
    return data;
  }
  try {
    return strictUtf8.decode(data);
  } catch {
    throw new ValidationError(what, [{ path: '$', message: 'is not valid UTF-8' }]);
  }
}

/** Parses JSON text (or UTF-8 bytes of it); invalid UTF-8 or a syntax error becomes a `ValidationError`. */
export function parseJson(what: string, data: string | Uint8Array): unknown {
  const text = decodeUtf8(what, data);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(what, [
      {
        path: '$',
        message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      },
    ]);
  }
}

/** The path of property `key` below `path`: `$.name` for identifiers, `$["a b"]` otherwise. */
export function propertyPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}

/** True for an array. */
export function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** True for a JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The own property `key` of `object`, never one inherited from `Object.prototype`. */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** The own keys of `object` whose value is not `undefined` (JSON has no `undefined`). */
export function presentKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

/** Length in Unicode code points, as JSON Schema counts `minLength`/`maxLength`. */
export function codePointLength(value: string): number {
  return Array.from(value).length;
}

/** True when `value` is a whole multiple of `divisor`, tolerating binary rounding (0.3 of 0.1). */
export function isMultipleOf(value: number, divisor: number): boolean {
  const quotient = value / divisor;
  return Math.abs(quotient - Math.round(quotient)) <= 1e-9 * Math.max(1, Math.abs(quotient));
}

/**
 * True for an integer JavaScript represents exactly. Every integer schema is checked with this:
 * `JSON.parse` has already rounded anything beyond 2^53 - 1, so such values are rejected rather
 * than silently accepted with the wrong value (the int64 policy).
 */
export function isSafeInteger(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/** True for a finite number. */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Compiles a schema `pattern` (ECMA-262) with the `u` flag, so that `\p{L}` and characters
 * beyond the BMP work; a pattern only legacy (Annex B) syntax accepts, such as `[a-z\-]`,
 * is compiled without it. The generator has checked that one of the two compiles.
 */
export function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch {
    return new RegExp(source);
  }
}

/** True when `value` matches `pattern` (unanchored, as JSON Schema says). */
export function matchesPattern(pattern: RegExp, value: string): boolean {
  return pattern.test(value);
}

/** A canonical JSON text of `value`: object keys sorted, so equal values give equal texts. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${presentKeys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** JSON equality (what `const`, `enum` and `uniqueItems` compare by). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || canonicalJson(a) === canonicalJson(b);
}

/** True when some two items of `items` are JSON-equal. */
export function hasDuplicates(items: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) {
      return true;
    }
    seen.add(key);
  }
  return false;
}

const emailPattern =
  /^[^\s@"<>()[\]\\,;:.]+(\.[^\s@"<>()[\]\\,;:.]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3986 `URI`: scheme, then `//authority path-abempty` or a path, then query and fragment;
// characters outside the grammar (spaces, `\\`, `"`, `<>`, `{}`, `^`, `` ` ``, `|`, non-ASCII) and
// broken percent-encodings are rejected. Groups: 1 the host of an authority.
const uriPattern =
  /^[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/(?:(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|%[0-9A-Fa-f]{2})*@)?(\[[^\]]*\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::\d*)?(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})*)*|(?!\/\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/]|%[0-9A-Fa-f]{2})*)(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/?]|%[0-9A-Fa-f]{2})*)?(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\/?]|%[0-9A-Fa-f]{2})*)?$/;
const ipFuturePattern = /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;
const ipv4Pattern = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

// Dates and times are scanned by hand rather than matched with capturing regexes: `date-time`
// is the format on nearly every telemetry message, and the regexes' match arrays and slices
// cost about a third of unmarshal's throughput.

/** The number written by the `count` ASCII digits at `start`, or -1 when one is not a digit. */
function digitsAt(value: string, start: number, count: number): number {
  let number = 0;
  for (let i = start; i < start + count; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) {
      return -1;
    }
    number = number * 10 + digit;
  }
  return number;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True when the 10 characters at `start` are an RFC 3339 `full-date` (`2026-12-03`) that exists. */
function isDateAt(value: string, start: number): boolean {
  const year = digitsAt(value, start, 4);
  const month = digitsAt(value, start + 5, 2);
  const day = digitsAt(value, start + 8, 2);
  if (year < 0 || value.charCodeAt(start + 4) !== 45 || value.charCodeAt(start + 7) !== 45) {
    return false;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && !leap ? 28 : daysInMonth[month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

/** True when `value` from `start` to its end is an RFC 3339 `full-time`; a leap second (`:60`) only at 23:59 UTC. */
function isTimeAt(value: string, start: number): boolean {
  const hour = digitsAt(value, start, 2);
  const minute = digitsAt(value, start + 3, 2);
  const second = digitsAt(value, start + 6, 2);
  if (value.charCodeAt(start + 2) !== 58 || value.charCodeAt(start + 5) !== 58) {
    return false;
  }
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return false;
  }
  let at = start + 8;
  if (value.charCodeAt(at) === 46) {
    const fraction = at + 1;
    at = fraction;
    while (digitsAt(value, at, 1) >= 0) {
      at += 1;
    }
    if (at === fraction) {
      return false;
    }
  }
  const zone = value.charCodeAt(at);
  let offset = 0;
  if (zone === 90 || zone === 122) {
    // `Z` or `z`
    if (at + 1 !== value.length) {
      return false;
    }
  } else if (zone === 43 || zone === 45) {
    // `+hh:mm` or `-hh:mm`
    const hours = digitsAt(value, at + 1, 2);
    const minutes = digitsAt(value, at + 4, 2);
    if (at + 6 !== value.length || value.charCodeAt(at + 3) !== 58) {
      return false;
    }
    if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) {
      return false;
    }
    offset = (zone === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else {
    return false;
  }
  if (second !== 60) {
    return true;
  }
  const utc = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
  return utc === 23 * 60 + 59;
}

/** An RFC 3986 URI: a scheme and the rest of the grammar; a bracketed host must be an IPv6 or IPvFuture literal. */
export function isUri(value: string): boolean {
  const match = uriPattern.exec(value);
  if (match === null) {
    return false;
  }
  const host = match[1];
  if (host === undefined || !host.startsWith('[')) {
    return true;
  }
  const literal = host.slice(1, -1);
  return isIpv6(literal) || ipFuturePattern.test(literal);
}

/** An RFC 4291 IPv6 address, in any of its text forms (an embedded IPv4 tail too). */
export function isIpv6(value: string): boolean {
  let text = value;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    if (!ipv4Pattern.test(text.slice(lastColon + 1))) {
      return false;
    }
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = text.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  if (!all.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) {
    return false;
  }
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

// One function per asserted format, so that a bundler keeps only the formats a client's
// schemas use (the generated validators call them by name), and the check is a direct call.

/** An RFC 5321 mailbox as JSON Schema's `email` format means it (`local@domain.tld`). */
export function isEmail(value: string): boolean {
  return emailPattern.test(value);
}

/** An RFC 3339 `date-time`: `T`, `t` or a space between the date and the time. */
export function isDateTime(value: string): boolean {
  const separator = value.charCodeAt(10);
  const separated = separator === 84 || separator === 116 || separator === 32;
  return separated && isDateAt(value, 0) && isTimeAt(value, 11);
}

/** An RFC 3339 `full-date` that exists (`2026-02-29` does not). */
export function isDate(value: string): boolean {
  return value.length === 10 && isDateAt(value, 0);
}

/** An RFC 3339 `full-time`, with its offset. */
export function isTime(value: string): boolean {
  return isTimeAt(value, 0);
}

/** A UUID in its hyphenated hex form, any case. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}

/** A dotted-quad IPv4 address without leading zeros. */
export function isIpv4(value: string): boolean {
  return ipv4Pattern.test(value);
}

/**
 * Checks `value` against the string `format` (email, date-time, date, time, uuid, uri, ipv4,
 * ipv6). Formats not in this list are annotations only and always pass (the generator only
 * asserts these: `ENFORCED_FORMATS` in codegen-core's `model/rules.rs`). Generated validators
 * call the format's own function instead.
 */
export function matchesFormat(format: string, value: string): boolean {
  const check = formatChecks[format];
  return check === undefined || check(value);
}

const formatChecks: { readonly [format: string]: ((value: string) => boolean) | undefined } = {
  email: isEmail,
  'date-time': isDateTime,
  date: isDate,
  time: isTime,
  uuid: isUuid,
  uri: isUri,
  ipv4: isIpv4,
  ipv6: isIpv6,
};

/** A short description of a value's JSON type, for problem messages. */
export function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Why `value` is not a safe integer (see `isSafeInteger`). */
export function integerProblem(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) {
    return 'must be an integer between -(2^53 - 1) and 2^53 - 1 (larger integers lose precision in JSON.parse)';
  }
  return `must be an integer, not ${describe(value)}`;
}

/** True when `value` is JSON-equal to one of `values`. */
export function isOneOf(value: unknown, values: readonly unknown[]): boolean {
  return values.some((candidate) => jsonEqual(value, candidate));
}

/** How many of the variants' problem lists are empty (how many variants matched). */
export function countMatches(variants: readonly ValidationProblem[][]): number {
  return variants.filter((problems) => problems.length === 0).length;
}

/** The problems of the variant that came closest to matching (the fewest problems). */
export function closestProblems(variants: readonly ValidationProblem[][]): ValidationProblem[] {
  let best: ValidationProblem[] = [];
  for (const problems of variants) {
    if (best.length === 0 || (problems.length > 0 && problems.length < best.length)) {
      best = problems;
    }
  }
  return best;
}

/** The own property `key` of `object`; appends "is required" below `path` when it is missing. */
export function required(
  object: Record<string, unknown>,
  key: string,
  path: string,
  problems: ValidationProblem[],
): unknown {
  const value = own(object, key);
  if (value === undefined) {
    problems.push({ path: propertyPath(path, key), message: 'is required' });
  }
  return value;
}

/** True for a string; otherwise appends a problem at `path`. */
export function isStringAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is string {
  if (typeof value === 'string') {
    return true;
  }
  problems.push({ path, message: `must be a string, not ${describe(value)}` });
  return false;
}

/** True for a finite number; otherwise appends a problem at `path`. */
export function isNumberAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is number {
  if (isFiniteNumber(value)) {
    return true;
  }
  problems.push({ path, message: `must be a number, not ${describe(value)}` });
  return false;
}

/** True for a safe integer (the int64 policy, see `isSafeInteger`); otherwise appends a problem at `path`. */
export function isIntegerAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is number {
  if (isSafeInteger(value)) {
    return true;
  }
  problems.push({ path, message: integerProblem(value) });
  return false;
}

/** True for a boolean; otherwise appends a problem at `path`. */
export function isBooleanAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is boolean {
  if (typeof value === 'boolean') {
    return true;
  }
  problems.push({ path, message: `must be a boolean, not ${describe(value)}` });
  return false;
}

/** True for an array; otherwise appends a problem at `path`. */
export function isArrayAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is unknown[] {
  if (Array.isArray(value)) {
    return true;
  }
  problems.push({ path, message: `must be an array, not ${describe(value)}` });
  return false;
}

/** True for a JSON object; otherwise appends a problem at `path`. */
export function isObjectAt(
  value: unknown,
  path: string,
  problems: ValidationProblem[],
): value is Record<string, unknown> {
  if (isObject(value)) {
    return true;
  }
  problems.push({ path, message: `must be an object, not ${describe(value)}` });
  return false;
}
