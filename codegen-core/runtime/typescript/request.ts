import type { IPublishPacket, MqttClient } from 'mqtt';
import {
  addRoute,
  bytesPayload,
  isMqtt5,
  logDeliveryError,
  publish,
  textPayload,
  userProperties,
  type AbortSignalLike,
  type MessageContext,
  type QoS,
  type Subscription,
} from './mqtt.js';
import { checkedTopic } from './topic.js';
import { ValidationError, type ValidationProblem } from './validation.js';

// Request/reply over MQTT 5 (see the README's "Request/reply" for the wire protocol):
// a request carries the response topic and correlation data properties; the replier publishes
// its reply to that topic with the same correlation data. A requester keeps one subscription
// per reply topic (one per client when the document leaves the topic open) and routes each
// reply to its request by correlation data alone.

/** What went wrong with a request: its `RequestError.kind`. */
export type RequestErrorKind =
  'timeout' | 'aborted' | 'invalid-reply' | 'not-connected' | 'needs-mqtt5';

/** Every way a request fails on its own account (a failed publish rejects with the publish error). */
export class RequestError extends Error {
  readonly kind: RequestErrorKind;

  constructor(kind: RequestErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RequestError';
    this.kind = kind;
  }
}

/** No reply came within `timeoutMs`. */
export class RequestTimeoutError extends RequestError {
  constructor(message: string) {
    super('timeout', message);
    this.name = 'RequestTimeoutError';
  }
}

/** The request's `signal` aborted it (`cause` is the signal's reason), or `closeRequests` ended it. */
export class RequestAbortedError extends RequestError {
  constructor(message: string, cause?: unknown) {
    super('aborted', message, { cause });
    this.name = 'RequestAbortedError';
  }
}

/** The reply arrived but is not a valid reply message; `cause` says why (usually a `ValidationError`). */
export class InvalidReplyError extends RequestError {
  /** The reply as it arrived. */
  readonly packet: IPublishPacket;

  constructor(message: string, packet: IPublishPacket, cause: unknown) {
    super('invalid-reply', message, { cause });
    this.name = 'InvalidReplyError';
    this.packet = packet;
  }
}

/** The client was not connected when the request was made. */
export class NotConnectedError extends RequestError {
  constructor(message: string) {
    super('not-connected', message);
    this.name = 'NotConnectedError';
  }
}

export type { AbortSignalLike } from './mqtt.js';

/** Options every request function takes. */
export interface RequestOptions {
  /** QoS of the request; default from the operation's `qos` binding, else 0. */
  qos?: QoS | undefined;
  /** How long to wait for the reply, in milliseconds; default 30000. */
  timeoutMs?: number | undefined;
  /** Aborts the request: it rejects with `RequestAbortedError` and a late reply is dropped. */
  signal?: AbortSignalLike | undefined;
  /**
   * The topic replies come back on, when the document does not fix one: default
   * `REPLY_TOPIC_PREFIX` followed by a random id chosen once per client. Must be a topic
   * (no wildcards); the client subscribes to it on the first request and keeps the subscription.
   */
  replyTopic?: string | undefined;
}

/** Options every handle (replier) function takes. */
export interface HandleOptions<P> {
  /** Parameter values to fix; every parameter not given becomes `+` in the topic filter. */
  parameters?: Partial<P> | undefined;
  /** QoS of the subscription and of the replies; default from the operation's `qos` binding, else 0. */
  qos?: QoS | undefined;
  /** Joins this shared subscription group (`$share/<group>/<filter>`), so that several repliers share the load. */
  share?: string | undefined;
  /** Receives every request that got no reply: an invalid request, a throwing handler, an invalid reply, a failed publish. Default: `console.error`. */
  onError?: ((error: Error, packet: IPublishPacket) => void) | undefined;
}

/** What a handler gets besides the request: the usual message context, and where the reply goes. */
export interface RequestContext<P, H> extends MessageContext<P, H> {
  /** The topic the reply will be published to. */
  responseTopic: string;
  /** The request's correlation data as text (UTF-8), when it has any. */
  correlationId: string | undefined;
}

/**
 * The prefix of the reply topic a client picks when the document does not fix one:
 * `replies/<32 hex digits>`, random per client. Grant requesters subscribe and repliers
 * publish on `replies/#` in the broker's ACL.
 */
export const REPLY_TOPIC_PREFIX = 'replies/';

/** Where replies go, as the generated code says it. */
export type ReplyTo =
  /** The document fixes the reply topic. */
  | { readonly topic: string }
  /** The requester picks it; `header` names the request header that carries it too, if any. */
  | { readonly header?: string | undefined };

/** Everything a generated request function sends and how it reads the reply. */
export interface OutgoingRequest<R> {
  /** What the request is, for error messages (`operation "ping"`). */
  readonly label: string;
  readonly topic: string;
  readonly payload: string | Uint8Array;
  readonly qos: QoS;
  readonly contentType?: string | undefined;
  /** The request headers as MQTT 5 user properties. */
  readonly userProperties?: { [key: string]: string } | undefined;
  /** The request header that holds the correlation id, when the document says so: it is filled in (unless given) and sent as correlation data too. */
  readonly correlationHeader?: string | undefined;
  /** The reply headers that may hold the correlation id, when a reply carries no correlation data. */
  readonly replyCorrelationHeaders?: readonly string[] | undefined;
  readonly replyTo: ReplyTo;
  /** Decodes and validates a reply; throws when it is not one. */
  decode(packet: IPublishPacket): R;
}

interface Pending {
  /** Resolves (or rejects with `InvalidReplyError`) with this reply. */
  settle(packet: IPublishPacket): void;
  /** Rejects with `error`. */
  fail(error: Error): void;
}

interface Inbox {
  readonly topic: string;
  readonly pending: Map<string, Pending>;
  /** Reply headers that may carry the correlation id (from every request using this inbox). */
  readonly correlationHeaders: Set<string>;
  /** Settles when the subscription is in place. */
  readonly ready: Promise<Subscription>;
}

interface RequesterState {
  /** The random part of this client's own reply topic. */
  readonly token: string;
  readonly inboxes: Map<string, Inbox>;
}

const requesters = new WeakMap<MqttClient, RequesterState>();

// A plain assignment to `__proto__` would replace the prototype instead of adding a property.
function setOwn(object: { [key: string]: string }, key: string, value: string): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** 16 random bytes (Web Crypto where there is one, as in browsers and Node 20). */
function randomBytes(): Uint8Array {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as unknown as { crypto?: RandomSource }).crypto;
  if (crypto !== undefined && typeof crypto.getRandomValues === 'function') {
    crypto.getRandomValues(bytes);
  } else {
    for (let i = 0; i < bytes.length; i += 1) {
      bytes[i] = Math.floor(Math.random() * 256);
    }
  }
  return bytes;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random (version 4) UUID: the correlation id of a request, so that a `format: uuid` header can carry it. */
export function randomUuid(): string {
  const bytes = randomBytes();
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function requesterOf(client: MqttClient): RequesterState {
  let state = requesters.get(client);
  if (state === undefined) {
    state = { token: hex(randomBytes()), inboxes: new Map() };
    requesters.set(client, state);
  }
  return state;
}

const decoder = new TextDecoder();

/** The user property `name`, when the packet has it as its own (never an inherited `__proto__`). */
function property(
  properties: { [key: string]: string } | undefined,
  name: string | undefined,
): string | undefined {
  if (
    properties === undefined ||
    name === undefined ||
    !Object.prototype.hasOwnProperty.call(properties, name)
  ) {
    return undefined;
  }
  return properties[name];
}

/** The correlation data of a packet as text, when it has any. */
export function correlationOf(packet: IPublishPacket): string | undefined {
  const data: unknown = packet.properties?.correlationData;
  if (data instanceof Uint8Array) {
    return decoder.decode(data);
  }
  return typeof data === 'string' ? data : undefined;
}

function inboxOf(client: MqttClient, state: RequesterState, topic: string): Inbox {
  const existing = state.inboxes.get(topic);
  if (existing !== undefined) {
    return existing;
  }
  const pending = new Map<string, Pending>();
  const correlationHeaders = new Set<string>();
  const ready = addRoute(client, {
    filter: topic,
    // Each reply arrives at the QoS it was published with.
    qos: 2,
    deliver(arrived, packet) {
      if (arrived !== topic) {
        return;
      }
      let id = correlationOf(packet);
      if (id === undefined && correlationHeaders.size > 0) {
        const properties = userProperties(packet);
        for (const header of correlationHeaders) {
          id = property(properties, header);
          if (id !== undefined) {
            break;
          }
        }
      }
      // A reply without a request here: a late one, or another client's on a shared reply topic.
      const request = id === undefined ? undefined : pending.get(id);
      request?.settle(packet);
    },
    fail: logDeliveryError,
  });
  const inbox: Inbox = { topic, pending, correlationHeaders, ready };
  state.inboxes.set(topic, inbox);
  // A failed subscription is forgotten, so that the next request tries again.
  ready.catch(() => {
    if (state.inboxes.get(topic) === inbox) {
      state.inboxes.delete(topic);
    }
  });
  return inbox;
}

/**
 * Sends a request and resolves with its decoded reply. Rejects with `NotConnectedError`,
 * `RequestTimeoutError`, `RequestAbortedError`, `InvalidReplyError`, a `RequestError` of kind
 * `needs-mqtt5` on an MQTT 3.1.1 client, or the error of a failed publish.
 */
export async function request<R>(
  client: MqttClient,
  options: RequestOptions | undefined,
  outgoing: OutgoingRequest<R>,
): Promise<R> {
  const signal = options?.signal;
  if (signal?.aborted === true) {
    throw new RequestAbortedError(`${outgoing.label}: aborted before it was sent`, signal.reason);
  }
  if (!client.connected) {
    throw new NotConnectedError(
      `${outgoing.label}: cannot send a request to ${JSON.stringify(outgoing.topic)}: the MQTT client is not connected`,
    );
  }
  if (!isMqtt5(client)) {
    throw new RequestError(
      'needs-mqtt5',
      `${outgoing.label}: request/reply needs MQTT 5 response topics and correlation data; connect with protocolVersion: 5`,
    );
  }
  const timeoutMs = options?.timeoutMs ?? 30000;
  if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(
      `${outgoing.label}: timeoutMs must be a finite number >= 0, not ${String(timeoutMs)}`,
    );
  }
  const state = requesterOf(client);
  const replyTopic =
    'topic' in outgoing.replyTo
      ? outgoing.replyTo.topic
      : checkedTopic(options?.replyTopic ?? `${REPLY_TOPIC_PREFIX}${state.token}`);
  const properties: { [key: string]: string } = { ...outgoing.userProperties };
  const correlationHeader = outgoing.correlationHeader;
  const given =
    correlationHeader === undefined ||
    !Object.prototype.hasOwnProperty.call(properties, correlationHeader)
      ? undefined
      : properties[correlationHeader];
  const id = given ?? randomUuid();
  if (correlationHeader !== undefined) {
    setOwn(properties, correlationHeader, id);
  }
  if (!('topic' in outgoing.replyTo) && outgoing.replyTo.header !== undefined) {
    setOwn(properties, outgoing.replyTo.header, replyTopic);
  }
  const inbox = inboxOf(client, state, replyTopic);
  if (inbox.pending.has(id)) {
    throw new RangeError(
      `${outgoing.label}: correlation id ${JSON.stringify(id)} is already waiting for a reply`,
    );
  }
  for (const header of outgoing.replyCorrelationHeaders ?? []) {
    inbox.correlationHeaders.add(header);
  }

  return new Promise<R>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const finish = (): boolean => {
      if (settled) {
        return false;
      }
      settled = true;
      inbox.pending.delete(id);
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const fail = (error: unknown): void => {
      if (finish()) {
        reject(error);
      }
    };
    const onAbort = (): void => {
      fail(
        new RequestAbortedError(
          `${outgoing.label}: aborted while waiting for the reply`,
          signal?.reason,
        ),
      );
    };
    // Registered before the request goes out: a reply may overtake the PUBACK.
    inbox.pending.set(id, {
      settle(packet) {
        if (!finish()) {
          return;
        }
        try {
          resolve(outgoing.decode(packet));
        } catch (error) {
          reject(
            new InvalidReplyError(
              `${outgoing.label}: invalid reply on ${JSON.stringify(packet.topic)}: ${error instanceof Error ? error.message : String(error)}`,
              packet,
              error,
            ),
          );
        }
      },
      fail,
    });
    signal?.addEventListener('abort', onAbort);
    timer = setTimeout(() => {
      fail(
        new RequestTimeoutError(
          `${outgoing.label}: no reply on ${JSON.stringify(replyTopic)} within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    inbox.ready
      .then(() => {
        if (settled) {
          return undefined;
        }
        return publish(client, {
          topic: outgoing.topic,
          payload: outgoing.payload,
          qos: outgoing.qos,
          retain: false,
          contentType: outgoing.contentType,
          userProperties: properties,
          correlationData: id,
          responseTopic: replyTopic,
        });
      })
      .catch(fail);
  });
}

/**
 * Ends every request of `client` that is still waiting (they reject with `RequestAbortedError`)
 * and drops its reply subscriptions. The next request subscribes again.
 */
export async function closeRequests(client: MqttClient): Promise<void> {
  const state = requesters.get(client);
  if (state === undefined) {
    return;
  }
  requesters.delete(client);
  const closing: Promise<void>[] = [];
  for (const inbox of state.inboxes.values()) {
    for (const waiting of Array.from(inbox.pending.values())) {
      waiting.fail(
        new RequestAbortedError(
          `closeRequests: the reply subscription to ${JSON.stringify(inbox.topic)} was closed`,
        ),
      );
    }
    closing.push(
      inbox.ready.then(
        (subscription) => subscription.unsubscribe(),
        () => undefined,
      ),
    );
  }
  await Promise.all(closing);
}

/** Everything a generated handle function says about its requests and replies. */
export interface Served<Q, C, H, R> {
  /** What is served, for error messages (`operation "ping"`). */
  readonly label: string;
  readonly filter: string;
  readonly qos: QoS;
  readonly share?: string | undefined;
  /** Decodes and validates a request; `undefined` when the topic is not this route's. Throws when it is invalid. */
  decode(
    topic: string,
    packet: IPublishPacket,
  ): { readonly request: Q; readonly context: MessageContext<C, H> } | undefined;
  /** The request header that holds the correlation id when a request carries no correlation data. */
  readonly correlationHeader?: string | undefined;
  /** Where to reply when a request names no response topic. */
  readonly replyTo: ReplyTo;
  /** Validates and encodes a reply; throws when it is not a valid reply message. */
  encode(reply: R): EncodedReply;
  readonly handler: (request: Q, context: RequestContext<C, H>) => R | Promise<R>;
  readonly onError: (error: Error, packet: IPublishPacket) => void;
}

/** A reply ready to publish. */
export interface EncodedReply {
  /** JSON or raw text, or raw bytes. */
  readonly payload: string | Uint8Array;
  readonly contentType?: string | undefined;
  /** The reply header that carries the correlation id, when the reply message declares one. */
  readonly correlationHeader?: string | undefined;
}

function reportError(
  onError: (error: Error, packet: IPublishPacket) => void,
  error: unknown,
  packet: IPublishPacket,
): void {
  try {
    onError(error instanceof Error ? error : new Error(String(error)), packet);
  } catch (failure) {
    console.error(failure);
  }
}

/**
 * Subscribes a replier: each valid request goes to the handler, whose result is validated and
 * published to the request's response topic (else the header or fixed topic the document
 * names) with the request's correlation data, unchanged. An invalid request, a request with no
 * usable response topic, a throwing handler, an invalid reply and a failed publish go to
 * `onError`; no reply is sent for them, and the subscription keeps working.
 */
export function serve<Q, C, H, R>(
  client: MqttClient,
  served: Served<Q, C, H, R>,
): Promise<Subscription> {
  const { onError } = served;
  return addRoute(client, {
    filter: served.filter,
    qos: served.qos,
    share: served.share,
    deliver(topic, packet) {
      const decoded = served.decode(topic, packet);
      if (decoded === undefined) {
        return;
      }
      const properties = userProperties(packet);
      const replyTo = served.replyTo;
      const headerTopic = 'topic' in replyTo ? undefined : property(properties, replyTo.header);
      const named =
        packet.properties?.responseTopic ??
        headerTopic ??
        ('topic' in replyTo ? replyTo.topic : undefined);
      if (named === undefined) {
        throw new Error(
          `${served.label}: the request on ${JSON.stringify(topic)} names no response topic, so it got no reply`,
        );
      }
      // The requester chose this topic: it must not turn the reply into a wildcard publish.
      const responseTopic = checkedTopic(named);
      const raw: unknown = packet.properties?.correlationData;
      const headerId = property(properties, served.correlationHeader);
      // Correlation data goes back byte for byte, whatever the requester put in it.
      const correlationData = raw instanceof Uint8Array ? raw : headerId;
      const context: RequestContext<C, H> = {
        ...decoded.context,
        responseTopic,
        correlationId: correlationOf(packet) ?? headerId,
      };
      respond(client, served, decoded.request, context, correlationData).catch((error: unknown) =>
        reportError(onError, error, packet),
      );
    },
    fail: onError,
  });
}

async function respond<Q, C, H, R>(
  client: MqttClient,
  served: Served<Q, C, H, R>,
  request: Q,
  context: RequestContext<C, H>,
  correlationData: string | Uint8Array | undefined,
): Promise<void> {
  const reply = await served.handler(request, context);
  const encoded = served.encode(reply);
  const id = context.correlationId;
  await publish(client, {
    topic: context.responseTopic,
    payload: encoded.payload,
    qos: served.qos,
    retain: false,
    contentType: encoded.contentType,
    // A computed key defines an own property, even for `__proto__`.
    userProperties:
      encoded.correlationHeader !== undefined && id !== undefined
        ? { [encoded.correlationHeader]: id }
        : undefined,
    correlationData,
  });
}

/**
 * Decodes with the first decoder that accepts the packet (a reply or request that may be one of
 * several messages); throws the first decoder's error when none does.
 */
export function firstDecoded<T>(
  packet: IPublishPacket,
  decoders: readonly ((packet: IPublishPacket) => T)[],
): T {
  let first: unknown;
  for (const decode of decoders) {
    try {
      return decode(packet);
    } catch (error) {
      first ??= error;
    }
  }
  throw first instanceof Error ? first : new Error('no message matches');
}

/** One message a value may be sent as: how to validate it and how it travels. */
export interface MessageShape {
  /** What it is, for a `ValidationError` (`pong payload`). */
  readonly label: string;
  /** The payload's validator; absent for a message without a payload schema. */
  readonly validate?: ((value: unknown) => ValidationProblem[]) | undefined;
  /** How the payload travels: JSON (the default), raw text (`text/*`) or raw bytes. */
  readonly format?: 'text' | 'bytes' | undefined;
  readonly contentType?: string | undefined;
  /** The header that carries the correlation id, when the message declares one there. */
  readonly correlationHeader?: string | undefined;
}

/**
 * Encodes `value` as the first of `shapes` it is valid for (a reply may be one of several
 * messages); throws a `ValidationError` with the first shape's problems when it is valid for none.
 */
export function encodeMessage(value: unknown, shapes: readonly MessageShape[]): EncodedReply {
  let first: ValidationError | undefined;
  for (const shape of shapes) {
    const problems = shape.validate === undefined ? [] : shape.validate(value);
    if (shape.format === 'text' && typeof value !== 'string') {
      problems.push({ path: '$', message: 'must be a string (the message travels as raw text)' });
    }
    if (shape.format === 'bytes' && !(value instanceof Uint8Array)) {
      problems.push({
        path: '$',
        message: 'must be a Uint8Array (the message travels as raw bytes)',
      });
    }
    if (problems.length === 0) {
      const payload =
        shape.format === 'text'
          ? textPayload(shape.label, value)
          : shape.format === 'bytes'
            ? bytesPayload(shape.label, value)
            : value === undefined
              ? ''
              : JSON.stringify(value);
      return {
        payload,
        contentType: shape.contentType,
        correlationHeader: shape.correlationHeader,
      };
    }
    first ??= new ValidationError(shape.label, problems);
  }
  throw first ?? new ValidationError('message', [{ path: '$', message: 'matches no message' }]);
}
