import {
  ValidationError,
  describe,
  integerProblem,
  isFiniteNumber,
  isObject,
  isSafeInteger,
  own,
  propertyPath,
  type ValidationProblem,
} from './validation.js';

/**
 * One piece of a topic level: literal text, or the value of a channel parameter with its `kind`
 * (`string` when left out) and `allowed` values. In a level holding several parameters, these
 * also say where the level splits (see `matchTopic`).
 */
export type TopicPiece = string | ParameterPiece;

/** The value of a channel parameter in a topic level. */
export interface ParameterPiece {
  readonly parameter: string;
  readonly kind?: ParameterKind;
  readonly allowed?: ReadonlySet<string>;
}

/** A channel address split into topic levels (on `/`), each a list of pieces. */
export type TopicLevels = readonly (readonly TopicPiece[])[];

/** Thrown by a parameters class when a topic does not have the shape of its channel address. */
export class TopicMismatchError extends Error {
  readonly topic: string;

  constructor(topic: string, address: string) {
    super(
      `topic ${JSON.stringify(topic)} does not match the channel address ${JSON.stringify(address)}`,
    );
    this.name = 'TopicMismatchError';
    this.topic = topic;
  }
}

/** The most bytes an MQTT topic or topic filter may have in UTF-8 (a two-byte length prefix). */
export const MAX_TOPIC_BYTES = 65535;

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Why the character at `index` of `text` is not allowed anywhere in an MQTT topic or filter
 * (MQTT 5 §1.5.4): a control character (U+0000–U+001F, U+007F–U+009F), a noncharacter
 * (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF in every plane) or an unpaired surrogate, which has no
 * UTF-8 form at all. Also gives the character's UTF-16 length and UTF-8 byte count.
 */
function characterAt(
  text: string,
  index: number,
): { problem: string | undefined; units: number; bytes: number } {
  const unit = text.charCodeAt(index);
  if (unit >= 0xd800 && unit <= 0xdfff) {
    const next = text.charCodeAt(index + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
      return {
        problem: `must not contain an unpaired surrogate (${hex(unit)})`,
        units: 1,
        bytes: 3,
      };
    }
    const code = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
    const problem =
      (code & 0xfffe) === 0xfffe ? `must not contain the noncharacter ${hex(code)}` : undefined;
    return { problem, units: 2, bytes: 4 };
  }
  const bytes = unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
  if (unit <= 0x1f || (unit >= 0x7f && unit <= 0x9f)) {
    return { problem: `must not contain the control character ${hex(unit)}`, units: 1, bytes };
  }
  if ((unit >= 0xfdd0 && unit <= 0xfdef) || unit >= 0xfffe) {
    return { problem: `must not contain the noncharacter ${hex(unit)}`, units: 1, bytes };
  }
  return { problem: undefined, units: 1, bytes };
}

type TopicRole = 'level' | 'topic' | 'filter';

/** First levels of a topic that no client may publish to. */
const RESERVED_FIRST_LEVELS: readonly string[] = ['$SYS', '$share'];

function scan(text: string, role: TopicRole): string | undefined {
  if (text === '') {
    return 'must not be empty';
  }
  // Brokers refuse client publishes under these (mosquitto: "not authorized" on MQTT 5, the
  // message dropped on 3.1.1); other `$` topics (`$aws/…`) are the broker's business.
  if (role === 'topic' && RESERVED_FIRST_LEVELS.includes(text.split('/', 1)[0] ?? '')) {
    return 'must not start with the level "$SYS" or "$share" (brokers refuse publishes there)';
  }
  let bytes = 0;
  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i);
    if (unit === 0x2f && role === 'level') {
      return 'must not contain "/"';
    }
    if ((unit === 0x2b || unit === 0x23) && role !== 'filter') {
      return 'must not contain the MQTT wildcards "+" or "#"';
    }
    const character = characterAt(text, i);
    if (character.problem !== undefined) {
      return character.problem;
    }
    bytes += character.bytes;
    i += character.units;
  }
  if (role === 'filter') {
    const levels = text.split('/');
    const misplaced = levels.findIndex(
      (level, i) =>
        (level.includes('+') && level !== '+') ||
        (level.includes('#') && (level !== '#' || i !== levels.length - 1)),
    );
    if (misplaced >= 0) {
      return 'must use "+" and "#" only as a whole topic level, and "#" only as the last';
    }
  }
  if (bytes > MAX_TOPIC_BYTES) {
    return `must not be longer than ${MAX_TOPIC_BYTES} bytes in UTF-8 (it has ${bytes})`;
  }
  return undefined;
}

/**
 * Why `value` cannot stand for a parameter in a topic level (or name a share group), or
 * `undefined` when it can: it must not be empty, contain `/` (it would split the level), `+`
 * or `#` (wildcards), or anything MQTT forbids in a topic: control characters, noncharacters,
 * unpaired surrogates, more than 65,535 bytes in UTF-8.
 */
export function topicValueProblem(value: string): string | undefined {
  return scan(value, 'level');
}

/** Why `topic` cannot be published to (empty, under `$SYS` or `$share`, a wildcard, a character MQTT forbids, too long), or `undefined`. */
export function topicProblem(topic: string): string | undefined {
  return scan(topic, 'topic');
}

/** Why `filter` cannot be subscribed to (empty, a misplaced wildcard, a character MQTT forbids, too long), or `undefined`. */
export function filterProblem(filter: string): string | undefined {
  return scan(filter, 'filter');
}

// Values are read as own properties only: a parameter may be named `constructor` or `__proto__`.
function valueOf<T>(values: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
}

/** Fills the parameter values into the levels: the topic to publish to. */
export function fillTopic(levels: TopicLevels, values: Readonly<Record<string, string>>): string {
  return levels
    .map((pieces) =>
      pieces
        .map((piece) =>
          typeof piece === 'string' ? piece : (valueOf(values, piece.parameter) ?? ''),
        )
        .join(''),
    )
    .join('/');
}

/** The subscription filter: a level with a parameter whose value is not given becomes `+`. */
export function topicFilter(
  levels: TopicLevels,
  fixed: Readonly<Record<string, string | undefined>>,
): string {
  return levels
    .map((pieces) => {
      let level = '';
      for (const piece of pieces) {
        if (typeof piece === 'string') {
          level += piece;
        } else {
          const value = valueOf(fixed, piece.parameter);
          if (value === undefined) {
            return '+';
          }
          level += value;
        }
      }
      return level;
    })
    .join('/');
}

/**
 * Extracts the parameter values of `topic`, level by level (split on `/`, so a value never spans
 * levels). `undefined` when the topic is not the address's: it must have exactly its levels, the
 * literal text in place, and values that can stand in a topic level (see `topicValueProblem`),
 * the same wherever a parameter repeats. Where a level holds several parameters, each takes the
 * shortest such value from the left that lets the rest of the level match, preferring a split
 * where every value is of its `kind` and `allowed` (`{kind}-{format}` with an enum value that
 * contains `-`), as the Rust side's `extract_where` does; without one, the plain split.
 */
export function matchTopic(levels: TopicLevels, topic: string): Record<string, string> | undefined {
  const parts = topic.split('/');
  if (parts.length !== levels.length) {
    return undefined;
  }
  return matchParts(levels, parts, true) ?? matchParts(levels, parts, false);
}

function matchParts(
  levels: TopicLevels,
  parts: readonly string[],
  typed: boolean,
): Record<string, string> | undefined {
  // No prototype: a parameter may be named `constructor` or `__proto__`.
  const values = Object.create(null) as Record<string, string>;
  for (let i = 0; i < levels.length; i += 1) {
    const pieces = levels[i] ?? [];
    // Only where a level holds several parameters do their kinds decide where it splits.
    const shared = typed && pieces.filter((piece) => typeof piece !== 'string').length > 1;
    if (!matchLevel(pieces, 0, parts[i] ?? '', 0, values, shared)) {
      return undefined;
    }
  }
  return values;
}

/** True when `text` is a value of `piece`'s kind and among its allowed values (when it has them). */
function fits(piece: ParameterPiece, text: string): boolean {
  if (piece.allowed !== undefined && !piece.allowed.has(text)) {
    return false;
  }
  const problems: ValidationProblem[] = [];
  if (piece.kind === 'integer') {
    parseInteger(text, '$', problems);
  } else if (piece.kind === 'number') {
    parseNumber(text, '$', problems);
  } else if (piece.kind === 'boolean') {
    parseBoolean(text, '$', problems);
  }
  return problems.length === 0;
}

/** Matches `part` from `at` against `pieces` from `index`, adding to `values` (only values that `fit` when `typed`); on failure `values` is as before. */
function matchLevel(
  pieces: readonly TopicPiece[],
  index: number,
  part: string,
  at: number,
  values: Record<string, string>,
  typed: boolean,
): boolean {
  const piece = pieces[index];
  if (piece === undefined) {
    return at === part.length;
  }
  if (typeof piece === 'string') {
    return (
      part.startsWith(piece, at) &&
      matchLevel(pieces, index + 1, part, at + piece.length, values, typed)
    );
  }
  const name = piece.parameter;
  const previous = values[name];
  const endsAt = (end: number): boolean => {
    const value = part.slice(at, end);
    if (
      (previous !== undefined && previous !== value) ||
      topicValueProblem(value) !== undefined ||
      (typed && !fits(piece, value))
    ) {
      return false;
    }
    values[name] = value;
    if (matchLevel(pieces, index + 1, part, end, values, typed)) {
      return true;
    }
    if (previous === undefined) {
      delete values[name];
    }
    return false;
  };
  // The value ends at the level's end when nothing follows, before an occurrence of the literal
  // that follows, else after any code point: the shortest that fits first.
  const next = pieces[index + 1];
  if (next === undefined) {
    return endsAt(part.length);
  }
  if (typeof next === 'string') {
    for (let end = part.indexOf(next, at + 1); end >= 0; end = part.indexOf(next, end + 1)) {
      if (endsAt(end)) {
        return true;
      }
    }
    return false;
  }
  for (let end = at; end < part.length;) {
    end += (part.codePointAt(end) ?? 0) > 0xffff ? 2 : 1;
    if (endsAt(end)) {
      return true;
    }
  }
  return false;
}

/** Throws a `ValidationError` for the channel parameters when `problems` is not empty. */
export function assertParameters(channel: string, problems: ValidationProblem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(`parameters of channel ${JSON.stringify(channel)}`, problems);
  }
}

/** Appends a problem when `text` cannot stand in a topic level (see `topicValueProblem`). */
export function checkTopicValue(text: string, path: string, problems: ValidationProblem[]): void {
  const problem = topicValueProblem(text);
  if (problem !== undefined) {
    problems.push({ path, message: problem });
  }
}

/** Parses an integer parameter from its topic level (decimal, no sign but `-`, no fraction). */
export function parseInteger(text: string, path: string, problems: ValidationProblem[]): number {
  const value = Number(text);
  if (!/^-?(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(value)) {
    problems.push({ path, message: `must be an integer, not ${JSON.stringify(text)}` });
    return Number.NaN;
  }
  return value;
}

/** Parses a number parameter from its topic level. */
export function parseNumber(text: string, path: string, problems: ValidationProblem[]): number {
  const value = Number(text);
  if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text) || !Number.isFinite(value)) {
    problems.push({ path, message: `must be a number, not ${JSON.stringify(text)}` });
    return Number.NaN;
  }
  return value;
}

/** Parses a boolean parameter (`true` or `false`) from its topic level. */
export function parseBoolean(text: string, path: string, problems: ValidationProblem[]): boolean {
  if (text !== 'true' && text !== 'false') {
    problems.push({ path, message: `must be true or false, not ${JSON.stringify(text)}` });
  }
  return text === 'true';
}

/** A topic to publish to, checked (see `topicProblem`); throws a `ValidationError` otherwise. */
export function checkedTopic(topic: string): string {
  const problem = topicProblem(topic);
  if (problem !== undefined) {
    throw new ValidationError('topic', [{ path: '$.topic', message: problem }]);
  }
  return topic;
}

/** A topic filter to subscribe to, checked (see `filterProblem`); throws a `ValidationError` otherwise. */
export function checkedFilter(filter: string): string {
  const problem = filterProblem(filter);
  if (problem !== undefined) {
    throw new ValidationError('topic filter', [{ path: '$.filter', message: problem }]);
  }
  return filter;
}

/**
 * The name of a shared subscription group, checked: it becomes a topic level of
 * `$share/<group>/<filter>` (MQTT 5 §4.8.2), so it is checked as a parameter value is (see
 * `topicValueProblem`). Throws a `ValidationError` otherwise.
 */
export function checkedShareGroup(group: string): string {
  const problem = topicValueProblem(group);
  if (problem !== undefined) {
    throw new ValidationError('shared subscription group', [{ path: '$.share', message: problem }]);
  }
  return group;
}

/** True when `topic` matches the MQTT topic `filter` (`+` one level, `#` the rest; wildcards in the first level never match `$` topics). */
export function matchesFilter(filter: string, topic: string): boolean {
  const filterLevels = filter.split('/');
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i += 1) {
    const level = filterLevels[i];
    if (level === '#') {
      return i > 0 || !topic.startsWith('$');
    }
    if (i >= topicLevels.length) {
      return false;
    }
    if (level === '+') {
      if (i === 0 && topic.startsWith('$')) {
        return false;
      }
      continue;
    }
    if (level !== topicLevels[i]) {
      return false;
    }
  }
  return filterLevels.length === topicLevels.length;
}

/** The JSON type of a channel parameter's value. */
export type ParameterKind = 'string' | 'integer' | 'number' | 'boolean';

function kindProblem(kind: ParameterKind, value: unknown): string | undefined {
  switch (kind) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string, not ${describe(value)}`;
    case 'integer':
      return isSafeInteger(value) ? undefined : integerProblem(value);
    case 'number':
      return isFiniteNumber(value) ? undefined : `must be a number, not ${describe(value)}`;
    default:
      return typeof value === 'boolean' ? undefined : `must be a boolean, not ${describe(value)}`;
  }
}

/**
 * Checks the parameter `name` of `init`: present (unless `partial`), of its kind, usable as a
 * topic level (see `topicValueProblem`) and, when `allowed` is given, one of its values.
 */
export function checkParameter(
  init: { readonly [key: string]: unknown },
  name: string,
  kind: ParameterKind,
  allowed: ReadonlySet<string> | undefined,
  partial: boolean,
  problems: ValidationProblem[],
): void {
  const path = propertyPath('$', name);
  const value = own(init, name);
  if (value === undefined) {
    if (!partial) {
      problems.push({ path, message: 'is required' });
    }
    return;
  }
  const problem = kindProblem(kind, value);
  if (problem !== undefined) {
    problems.push({ path, message: problem });
    return;
  }
  const text = String(value);
  checkTopicValue(text, path, problems);
  if (allowed !== undefined && !allowed.has(text)) {
    problems.push({
      path,
      message: `must be one of ${Array.from(allowed, (item) => JSON.stringify(item)).join(', ')}`,
    });
  }
}

/**
 * The static side of a generated parameters class: its constructor and its channel. Each
 * parameter piece of `levels` carries the parameter's `kind` and `allowed` values.
 */
export interface ParametersClass<T, Init> {
  new (init: Init): T;
  /** The channel address, with `{name}` for each parameter. */
  readonly address: string;
  /** The address split into topic levels. */
  readonly levels: TopicLevels;
}

/** The parameters of `levels`, each once, in address order. */
function parametersOf(levels: TopicLevels): ParameterPiece[] {
  const seen = new Set<string>();
  const parameters: ParameterPiece[] = [];
  for (const pieces of levels) {
    for (const piece of pieces) {
      if (typeof piece !== 'string' && !seen.has(piece.parameter)) {
        seen.add(piece.parameter);
        parameters.push(piece);
      }
    }
  }
  return parameters;
}

function checkAll(
  levels: TopicLevels,
  init: { readonly [key: string]: unknown },
  partial: boolean,
  problems: ValidationProblem[],
): void {
  for (const piece of parametersOf(levels)) {
    checkParameter(init, piece.parameter, piece.kind ?? 'string', piece.allowed, partial, problems);
  }
}

/** A parameter value as it stands in a topic level (`String` of a number or boolean). */
function levelText(
  piece: ParameterPiece,
  values: { readonly [key: string]: unknown },
): string | undefined {
  const value = values[piece.parameter];
  return value === undefined || (piece.kind ?? 'string') === 'string'
    ? (value as string | undefined)
    : String(value);
}

/** Every problem of `init` as the parameter values of `type`, each with its path; empty when valid. */
export function parameterProblems<T, Init>(
  type: ParametersClass<T, Init>,
  init: unknown,
): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  if (!isObject(init)) {
    problems.push({ path: '$', message: 'must be an object, not ' + describe(init) });
  } else {
    checkAll(type.levels, init, false, problems);
  }
  return problems;
}

/** The topic of `parameters`, an instance of `type`; throws a `ValidationError` when a value is invalid. */
export function parametersTopic<T, Init>(type: ParametersClass<T, Init>, parameters: T): string {
  assertParameters(type.address, parameterProblems(type, parameters));
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const object = parameters as { readonly [key: string]: unknown };
  for (const piece of parametersOf(type.levels)) {
    values[piece.parameter] = levelText(piece, object) ?? '';
  }
  return fillTopic(type.levels, values);
}

/**
 * The parameters of `type` in a received `topic`, or `undefined` when the topic does not have
 * the channel's shape or differs from a `fixed` value; throws a `ValidationError` when a value
 * is invalid.
 */
export function matchParameters<T, Init>(
  type: ParametersClass<T, Init>,
  topic: string,
  fixed: Partial<Init> = {},
): T | undefined {
  const values = matchTopic(type.levels, topic);
  if (values === undefined) {
    return undefined;
  }
  const fixedValues = fixed as { readonly [key: string]: unknown };
  const problems: ValidationProblem[] = [];
  const init: Record<string, unknown> = {};
  for (const piece of parametersOf(type.levels)) {
    const name = piece.parameter;
    const text = values[name] ?? '';
    const wanted = levelText(piece, fixedValues);
    if (wanted !== undefined && wanted !== text) {
      return undefined;
    }
    const path = propertyPath('$', name);
    switch (piece.kind) {
      case 'integer':
        init[name] = parseInteger(text, path, problems);
        break;
      case 'number':
        init[name] = parseNumber(text, path, problems);
        break;
      case 'boolean':
        init[name] = parseBoolean(text, path, problems);
        break;
      default:
        init[name] = text;
    }
  }
  const parameters = new type(init as Init);
  if (problems.length === 0) {
    problems.push(...parameterProblems(type, parameters));
  }
  assertParameters(type.address, problems);
  return parameters;
}

/** Like `matchParameters`, but throws a `TopicMismatchError` when the topic does not have the channel's shape. */
export function parseParameters<T, Init>(type: ParametersClass<T, Init>, topic: string): T {
  const parameters = matchParameters(type, topic);
  if (parameters === undefined) {
    throw new TopicMismatchError(topic, type.address);
  }
  return parameters;
}

/**
 * The subscription filter of `type`'s channel: every parameter not in `fixed` becomes `+`;
 * throws a `ValidationError` when a fixed value is invalid.
 */
export function parametersFilter<T, Init>(
  type: ParametersClass<T, Init>,
  fixed: Partial<Init> = {},
): string {
  const fixedValues = fixed as { readonly [key: string]: unknown };
  const problems: ValidationProblem[] = [];
  checkAll(type.levels, fixedValues, true, problems);
  assertParameters(type.address, problems);
  const values: Record<string, string | undefined> = Object.create(null) as Record<
    string,
    string | undefined
  >;
  for (const piece of parametersOf(type.levels)) {
    values[piece.parameter] = levelText(piece, fixedValues);
  }
  return topicFilter(type.levels, values);
}

/**
 * The base of every generated parameters class (`<Channel>Parameters`): the class holds the
 * parameter values as fields and its channel as the statics `address` and `levels`; the topic
 * handling is here, driven by the levels (each parameter's name, kind and allowed values).
 * Call the statics on the class itself (`TelemetryParameters.matchChannel(topic)`): they read
 * the channel from `this`.
 */
/**
 * `self` when it is a parameters class. A static called detached (`topics.map(X.createFromChannel)`)
 * gets no class as `this`; it throws this TypeError, naming the fix, instead of failing inside.
 */
function calledOn<T, Init>(
  self: ParametersClass<T, Init>,
  method: string,
): ParametersClass<T, Init> {
  if (typeof self !== 'function' || !Array.isArray(self.levels)) {
    throw new TypeError(
      `${method} reads the channel from its class: call it on the class (XParameters.${method}(...)), or pass (topic) => XParameters.${method}(topic) instead of the bare method`,
    );
  }
  return self;
}

export abstract class ChannelParameters {
  /** The channel address, with `{name}` for each parameter. */
  declare static readonly address: string;
  /** The address split into topic levels; each parameter with its kind and allowed values. */
  declare static readonly levels: TopicLevels;

  /** The topic with these values filled in; throws a `ValidationError` when a value is invalid. */
  getChannelWithParameters(): string {
    // The prototype's `constructor`, not `this.constructor`: a parameter may be named so.
    const prototype = Object.getPrototypeOf(this) as {
      constructor: ParametersClass<ChannelParameters, never>;
    };
    return parametersTopic(prototype.constructor, this);
  }

  /** Parses a received topic; throws a `TopicMismatchError` when the topic does not have the channel's shape and a `ValidationError` when a value is invalid. */
  static createFromChannel<T, Init>(this: ParametersClass<T, Init>, topic: string): T {
    return parseParameters(calledOn(this, 'createFromChannel'), topic);
  }

  /** Like `createFromChannel`, but `undefined` when the topic does not have the channel's shape or differs from a `fixed` value. */
  static matchChannel<T, Init>(
    this: ParametersClass<T, Init>,
    topic: string,
    fixed: Partial<Init> = {},
  ): T | undefined {
    return matchParameters(calledOn(this, 'matchChannel'), topic, fixed);
  }

  /** The subscription filter: every parameter not in `fixed` becomes `+`; throws a `ValidationError` when a fixed value is invalid. */
  static subscriptionFilter<T, Init>(
    this: ParametersClass<T, Init>,
    fixed: Partial<Init> = {},
  ): string {
    return parametersFilter(calledOn(this, 'subscriptionFilter'), fixed);
  }

  /** Every problem of `init` as parameter values, each with its path; empty when valid. */
  static validate<T, Init>(this: ParametersClass<T, Init>, init: unknown): ValidationProblem[] {
    return parameterProblems(calledOn(this, 'validate'), init);
  }
}
