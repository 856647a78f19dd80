import { ValidationError, describe, integerProblem, isFiniteNumber, isSafeInteger, own, propertyPath, type ValidationProblem } from './validation.js';

/** One piece of a topic level: literal text, or the value of a channel parameter. */
export type TopicPiece = string | { readonly parameter: string };

/** A channel address split into topic levels (on `/`), each a list of pieces. */
export type TopicLevels = readonly (readonly TopicPiece[])[];

/** Thrown by a parameters class when a topic does not have the shape of its channel address. */
export class TopicMismatchError extends Error {
  readonly topic: string;

  constructor(topic: string, address: string) {
    super(`topic ${JSON.stringify(topic)} does not match the channel address ${JSON.stringify(address)}`);
    this.name = 'TopicMismatchError';
    this.topic = topic;
  }
}

/**
 * Why `value` cannot stand for a parameter in a topic level, or `undefined` when it can:
 * an empty value, `/` (it would split the level), `+` or `#` (wildcards) and NUL are rejected.
 */
export function topicValueProblem(value: string): string | undefined {
  if (value === '') {
    return 'must not be empty';
  }
  if (value.includes('/')) {
    return 'must not contain "/"';
  }
  if (value.includes('+') || value.includes('#')) {
    return 'must not contain the MQTT wildcards "+" or "#"';
  }
  if (value.includes('\u0000')) {
    return 'must not contain NUL';
  }
  return undefined;
}

/** Fills the parameter values into the levels: the topic to publish to. */
export function fillTopic(levels: TopicLevels, values: Readonly<Record<string, string>>): string {
  return levels.map((pieces) => pieces.map((piece) => (typeof piece === 'string' ? piece : (values[piece.parameter] ?? ''))).join('')).join('/');
}

/** The subscription filter: a level with a parameter whose value is not given becomes `+`. */
export function topicFilter(levels: TopicLevels, fixed: Readonly<Record<string, string | undefined>>): string {
  return levels
    .map((pieces) => {
      let level = '';
      for (const piece of pieces) {
        if (typeof piece === 'string') {
          level += piece;
        } else {
          const value = fixed[piece.parameter];
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
 * levels). `undefined` when the topic does not have the address's shape.
 */
export function matchTopic(levels: TopicLevels, topic: string): Record<string, string> | undefined {
  const parts = topic.split('/');
  if (parts.length !== levels.length) {
    return undefined;
  }
  const values: Record<string, string> = {};
  for (let i = 0; i < levels.length; i += 1) {
    const pieces = levels[i] ?? [];
    const part = parts[i] ?? '';
    let at = 0;
    for (let j = 0; j < pieces.length; j += 1) {
      const piece = pieces[j];
      if (piece === undefined) {
        return undefined;
      }
      if (typeof piece === 'string') {
        if (!part.startsWith(piece, at)) {
          return undefined;
        }
        at += piece.length;
        continue;
      }
      const next = pieces[j + 1];
      let end = part.length;
      if (typeof next === 'string') {
        end = j + 2 === pieces.length ? part.length - next.length : part.indexOf(next, at);
        if (end < at) {
          return undefined;
        }
      }
      const value = part.slice(at, end);
      const previous = values[piece.parameter];
      if (previous !== undefined && previous !== value) {
        return undefined;
      }
      values[piece.parameter] = value;
      at = end;
    }
    if (at !== part.length) {
      return undefined;
    }
  }
  return values;
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

/** The topic given for a channel whose address is decided at run time; throws a `ValidationError` when it is empty or holds a wildcard or NUL. */
export function checkedTopic(topic: string): string {
  const problem = topic === '' ? 'must not be empty' : topic.includes('+') || topic.includes('#') ? 'must not contain the MQTT wildcards "+" or "#"' : topic.includes('\u0000') ? 'must not contain NUL' : undefined;
  if (problem !== undefined) {
    throw new ValidationError('topic', [{ path: '$.topic', message: problem }]);
  }
  return topic;
}

/**
 * The name of a shared subscription group, checked: it becomes a topic level of
 * `$share/<group>/<filter>`, so it must not be empty and must not contain `/`, `+`, `#` or NUL
 * (MQTT 5 §4.8.2). Throws a `ValidationError` otherwise.
 */
export function checkedShareGroup(group: string): string {
  const problem = group === '' ? 'must not be empty' : group.includes('/') ? 'must not contain "/"' : group.includes('+') || group.includes('#') ? 'must not contain the MQTT wildcards "+" or "#"' : group.includes('\u0000') ? 'must not contain NUL' : undefined;
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
export function checkParameter(init: { readonly [key: string]: unknown }, name: string, kind: ParameterKind, allowed: ReadonlySet<string> | undefined, partial: boolean, problems: ValidationProblem[]): void {
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
    problems.push({ path, message: `must be one of ${Array.from(allowed, (item) => JSON.stringify(item)).join(', ')}` });
  }
}
