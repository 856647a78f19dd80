import type { IClientPublishOptions, IPublishPacket, MqttClient } from 'mqtt';
import { checkedFilter, checkedShareGroup, checkedTopic } from './topic.js';
import { decodeUtf8, describe, ValidationError, type ValidationProblem } from './validation.js';

/** MQTT quality of service. */
export type QoS = 0 | 1 | 2;

/** Options every publish function takes; unset values come from the spec's MQTT bindings. */
export interface PublishOptions {
  /** Quality of service; default from the operation's `qos` binding, else 0. */
  qos?: QoS | undefined;
  /** Retain flag; default from the operation's `retain` binding, else false. */
  retain?: boolean | undefined;
  /** MQTT 5 message expiry in seconds; default from the operation's binding. */
  messageExpiryInterval?: number | undefined;
  /** MQTT 5 correlation data (sent as UTF-8). */
  correlationData?: string | undefined;
  /** MQTT 5 response topic; default from the message's binding. */
  responseTopic?: string | undefined;
  /**
   * Rejects with a `PublishError` of kind `timeout` when the publish has not settled within
   * this many milliseconds of the call (time queued behind the in-flight limit included);
   * default 30000, `Infinity` for no limit. A message already written may still reach the
   * broker; it is not sent again after a reconnect.
   */
  timeoutMs?: number | undefined;
  /** Aborts the publish: it rejects with a `PublishError` of kind `aborted` (the signal's reason is the `cause`). */
  signal?: AbortSignalLike | undefined;
}

/** The smallest shape of an `AbortSignal` that a publish or request needs (DOM and Node signals both fit). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options every subscribe function takes. */
export interface SubscribeOptions<P> {
  /** Parameter values to fix; every parameter not given becomes `+` in the topic filter. */
  parameters?: Partial<P> | undefined;
  /** Subscription QoS; default from the operation's `qos` binding, else 0. */
  qos?: QoS | undefined;
  /**
   * Joins the shared subscription group of this name: the broker subscription is
   * `$share/<group>/<filter>`, and the broker hands each message to one member of the group.
   * Not empty, no `/`, `+`, `#` or NUL.
   */
  share?: string | undefined;
  /** Receives every message that could not be delivered (bad JSON, schema violations, a throwing callback). Default: `console.error`. */
  onError?: ((error: Error, packet: IPublishPacket) => void) | undefined;
}

/** What a subscribe callback gets besides the payload. */
export interface MessageContext<P, H> {
  /** The topic the message arrived on. */
  topic: string;
  /** The channel parameters, parsed from the topic. */
  parameters: P;
  /** The decoded, validated headers (MQTT 5 user properties), when the message has any. */
  headers: H | undefined;
  /** The raw MQTT.js packet. */
  packet: IPublishPacket;
}

/** A live subscription. */
export interface Subscription {
  /** The topic filter subscribed at the broker (`$share/<group>/<filter>` for a shared subscription). */
  readonly topic: string;
  /** Removes exactly this route; the broker subscription goes when no route uses it any more. */
  unsubscribe(): Promise<void>;
}

/** Everything a generated publish function sends. */
export interface Outgoing {
  topic: string;
  /** JSON or raw text (sent as UTF-8), or raw bytes (sent as they are). */
  payload: string | Uint8Array;
  qos: QoS;
  retain: boolean;
  messageExpiryInterval?: number | undefined;
  contentType?: string | undefined;
  payloadFormatIndicator?: boolean | undefined;
  userProperties?: { [key: string]: string } | undefined;
  /** Text goes as its UTF-8 bytes; bytes (a correlation echoed by a replier) go as they are. */
  correlationData?: string | Uint8Array | undefined;
  responseTopic?: string | undefined;
  /** See `PublishOptions.timeoutMs`. */
  timeoutMs?: number | undefined;
  /** See `PublishOptions.signal`. */
  signal?: AbortSignalLike | undefined;
}

/** The message text that says why headers cannot travel on an MQTT 3.1.1 connection. */
export const HEADERS_NEED_MQTT5 =
  'headers need MQTT 5 user properties; connect with protocolVersion: 5';

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** True when the client speaks MQTT 5. */
export function isMqtt5(client: MqttClient): boolean {
  return client.options.protocolVersion === 5;
}

/** Why a publish did not resolve, besides a `ValidationError` (nothing sent) or the broker's refusal. */
export type PublishErrorKind = 'not-connected' | 'timeout' | 'aborted' | 'closed';

/**
 * A publish that settled without the broker's acknowledgement: the client was not connected
 * (nothing sent), `timeoutMs` passed, the `signal` aborted it, or the client ended (or lost its
 * connection for good) first. After `timeout`, `aborted` and `closed` the message may or may
 * not have reached the broker; it is never sent again behind the caller's back.
 */
export class PublishError extends Error {
  readonly kind: PublishErrorKind;

  constructor(kind: PublishErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
    this.kind = kind;
  }
}

/**
 * How many QoS 1 and 2 publishes a client has in flight at most on MQTT 3.1.1 (MQTT 5 takes
 * the broker's Receive Maximum from the CONNACK). mosquitto's default
 * `max_inflight_messages` is 20, and over it a 3.1.1 broker completes QoS 2 handshakes for
 * messages it then drops; 10 stays well below. Change it per client with `setMaxInFlight`.
 */
export const DEFAULT_MAX_IN_FLIGHT = 10;

/** The default of `PublishOptions.timeoutMs`. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 30000;

// The broker's Receive Maximum when the CONNACK does not state one (MQTT 5 §3.2.2.3.3).
const RECEIVE_MAXIMUM_DEFAULT = 65535;

const maxInFlight = new WeakMap<MqttClient, number>();

/**
 * Sets how many QoS 1 and 2 publishes `client` has in flight at most (an integer ≥ 1); more
 * wait in a queue, in call order. On MQTT 5 the broker's Receive Maximum still caps it.
 */
export function setMaxInFlight(client: MqttClient, limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`the in-flight limit must be an integer >= 1, not ${String(limit)}`);
  }
  maxInFlight.set(client, limit);
  const flow = flows.get(client);
  if (flow !== undefined) {
    pump(client, flow);
  }
}

/** The in-flight limit in force for `client` now. */
export function inFlightLimit(client: MqttClient): number {
  const configured = maxInFlight.get(client);
  if (!isMqtt5(client)) {
    return configured ?? DEFAULT_MAX_IN_FLIGHT;
  }
  // MQTT.js keeps the CONNACK but does not type it as public, nor honour its Receive Maximum.
  const connack = (
    client as unknown as { connackPacket?: { properties?: { receiveMaximum?: number } } }
  ).connackPacket;
  const receiveMaximum = connack?.properties?.receiveMaximum ?? RECEIVE_MAXIMUM_DEFAULT;
  return Math.max(1, Math.min(receiveMaximum, configured ?? receiveMaximum));
}

/** One publish between the call and its settlement. */
interface Flight {
  readonly qos: QoS;
  /** Hands the packet to MQTT.js. */
  start(): void;
  /** Rejects (once) with `error`. */
  fail(error: Error): void;
  /** True once the caller has been answered. */
  settled(): boolean;
}

/** Per client: the publishes waiting for a slot, and how many QoS 1/2 ones MQTT.js holds. */
interface Flow {
  readonly queue: Flight[];
  /** Every publish not yet settled, queued or in flight. */
  readonly open: Set<Flight>;
  inFlight: number;
  readonly onConnect: () => void;
  readonly onEnd: () => void;
  readonly onClose: () => void;
}

const flows = new WeakMap<MqttClient, Flow>();

function flowOf(client: MqttClient): Flow {
  let flow = flows.get(client);
  if (flow === undefined) {
    const created: Flow = {
      queue: [],
      open: new Set(),
      inFlight: 0,
      onConnect: () => pump(client, created),
      onEnd: () =>
        shutDown(
          client,
          created,
          'the MQTT client ended before the broker acknowledged the message',
        ),
      // A client that does not reconnect will never settle what it holds.
      onClose: () => {
        if (!(client.options.reconnectPeriod !== undefined && client.options.reconnectPeriod > 0)) {
          shutDown(
            client,
            created,
            'the connection closed before the broker acknowledged the message',
          );
        }
      },
    };
    flow = created;
    flows.set(client, flow);
    client.on('connect', flow.onConnect);
    client.on('end', flow.onEnd);
    client.on('close', flow.onClose);
  }
  return flow;
}

/** Rejects everything `flow` holds and forgets it (the client ended, or its connection closed for good). */
function shutDown(client: MqttClient, flow: Flow, why: string): void {
  detach(client, flow);
  flow.queue.length = 0;
  for (const flight of Array.from(flow.open)) {
    flight.fail(new PublishError('closed', why));
  }
  flow.open.clear();
}

function detach(client: MqttClient, flow: Flow): void {
  if (flows.get(client) === flow) {
    flows.delete(client);
  }
  client.removeListener('connect', flow.onConnect);
  client.removeListener('end', flow.onEnd);
  client.removeListener('close', flow.onClose);
}

/** Starts queued publishes while the client is connected and has room, in call order. */
function pump(client: MqttClient, flow: Flow): void {
  while (flow.queue.length > 0 && client.connected) {
    const next = flow.queue[0];
    if (next === undefined) {
      break;
    }
    if (next.settled()) {
      flow.queue.shift();
      continue;
    }
    if (next.qos > 0 && flow.inFlight >= inFlightLimit(client)) {
      break;
    }
    flow.queue.shift();
    next.start();
  }
  if (flow.open.size === 0 && flow.inFlight === 0) {
    detach(client, flow);
  }
}

function publishOptions(client: MqttClient, message: Outgoing): IClientPublishOptions {
  const options: IClientPublishOptions = { qos: message.qos, retain: message.retain };
  if (isMqtt5(client)) {
    const properties: NonNullable<IClientPublishOptions['properties']> = {};
    if (message.messageExpiryInterval !== undefined) {
      properties.messageExpiryInterval = message.messageExpiryInterval;
    }
    if (message.contentType !== undefined) {
      properties.contentType = message.contentType;
    }
    if (message.payloadFormatIndicator !== undefined) {
      properties.payloadFormatIndicator = message.payloadFormatIndicator;
    }
    if (message.userProperties !== undefined && Object.keys(message.userProperties).length > 0) {
      properties.userProperties = message.userProperties;
    }
    if (message.correlationData !== undefined) {
      const bytes =
        typeof message.correlationData === 'string'
          ? new TextEncoder().encode(message.correlationData)
          : message.correlationData;
      // MQTT.js types this as a Node Buffer; the bytes of a Uint8Array encode the same way.
      properties.correlationData = bytes as unknown as NonNullable<
        typeof properties.correlationData
      >;
    }
    if (message.responseTopic !== undefined) {
      properties.responseTopic = message.responseTopic;
    }
    options.properties = properties;
  }
  return options;
}

/** The packet id MQTT.js gave the publish whose callback is `callback`, while it holds it. */
function messageIdOf(client: MqttClient, callback: unknown): number | undefined {
  for (const [id, entry] of Object.entries(client.outgoing)) {
    if (entry.cb === callback) {
      return Number(id);
    }
  }
  return undefined;
}

/**
 * Publishes and resolves when the broker acknowledged (QoS 1 and 2) or the packet was written
 * (QoS 0). Every call settles: it rejects when the topic is not one to publish to, when the
 * client is not connected (instead of letting MQTT.js queue it), on a failure reason code, after
 * `timeoutMs`, on `signal` abort, and when the client ends or its connection closes for good.
 *
 * QoS 1 and 2 publishes keep to the client's in-flight limit (see `inFlightLimit`): a burst
 * waits in a queue, in call order, instead of exceeding the broker's quota. A publish whose
 * promise was rejected is taken back from MQTT.js, so a reconnect does not send it later.
 */
export function publish(client: MqttClient, message: Outgoing): Promise<void> {
  const topic = JSON.stringify(message.topic);
  try {
    checkedTopic(message.topic);
  } catch (error) {
    return Promise.reject(error);
  }
  if (!client.connected) {
    return Promise.reject(
      new PublishError(
        'not-connected',
        `cannot publish to ${topic}: the MQTT client is not connected`,
      ),
    );
  }
  if (
    !isMqtt5(client) &&
    message.userProperties !== undefined &&
    Object.keys(message.userProperties).length > 0
  ) {
    return Promise.reject(new Error(HEADERS_NEED_MQTT5));
  }
  const timeoutMs = message.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  if (!(timeoutMs >= 0)) {
    return Promise.reject(
      new RangeError(`timeoutMs must be a number >= 0 or Infinity, not ${String(timeoutMs)}`),
    );
  }
  const signal = message.signal;
  if (signal?.aborted === true) {
    return Promise.reject(
      new PublishError('aborted', `publish to ${topic} aborted before it was sent`, {
        cause: signal.reason,
      }),
    );
  }
  const options = publishOptions(client, message);
  const flow = flowOf(client);
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let started = false;
    let released = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finish = (): boolean => {
      if (done) {
        return false;
      }
      done = true;
      flow.open.delete(flight);
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    // Frees the in-flight slot once MQTT.js no longer holds the message.
    const release = (): void => {
      if (!released && started && message.qos > 0) {
        released = true;
        flow.inFlight -= 1;
      }
      pump(client, flow);
    };
    const callback = (error?: Error): void => {
      if (finish()) {
        if (error) {
          // A non-reconnecting client that ends fails what MQTT.js holds with a plain error (no reason code).
          const closed = client.disconnecting && !('code' in error);
          reject(
            closed
              ? new PublishError(
                  'closed',
                  'the MQTT client ended before the broker acknowledged the message',
                  { cause: error },
                )
              : asError(error),
          );
        } else {
          resolve();
        }
      }
      release();
    };
    // Rejects early; a message MQTT.js still holds is taken back (its callback then frees the slot).
    const giveUp = (error: Error): void => {
      if (!finish()) {
        return;
      }
      reject(error);
      if (started && message.qos > 0) {
        const id = messageIdOf(client, callback);
        if (id !== undefined) {
          client.removeOutgoingMessage(id);
        }
      } else {
        pump(client, flow);
      }
    };
    const onAbort = (): void => {
      giveUp(
        new PublishError(
          'aborted',
          `publish to ${topic} aborted before the broker acknowledged it`,
          { cause: signal?.reason },
        ),
      );
    };
    const flight: Flight = {
      qos: message.qos,
      start() {
        started = true;
        if (message.qos > 0) {
          flow.inFlight += 1;
        }
        try {
          // MQTT.js types the payload as a Node Buffer; it writes a Uint8Array's bytes the same way.
          client.publish(message.topic, message.payload as string, options, callback);
        } catch (error) {
          callback(asError(error));
        }
      },
      fail(error) {
        if (finish()) {
          reject(error);
        }
      },
      settled: () => done,
    };
    flow.open.add(flight);
    signal?.addEventListener('abort', onAbort);
    if (Number.isFinite(timeoutMs)) {
      timer = setTimeout(() => {
        giveUp(
          new PublishError(
            'timeout',
            `publish to ${topic} not acknowledged within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
    }
    flow.queue.push(flight);
    pump(client, flow);
  });
}

/** The text of a received payload. */
export function payloadText(packet: IPublishPacket): string | Uint8Array {
  const payload: unknown = packet.payload;
  if (typeof payload === 'string' || payload instanceof Uint8Array) {
    return payload;
  }
  return String(payload);
}

/** The bytes of a received payload: a `Uint8Array` view of them (not a copy). */
export function payloadBytes(packet: IPublishPacket): Uint8Array {
  const payload: unknown = packet.payload;
  if (payload instanceof Uint8Array) {
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  return new TextEncoder().encode(String(payload));
}

/** The text of a received `text/*` payload; invalid UTF-8 throws a `ValidationError` naming `what`. */
export function receivedText(what: string, packet: IPublishPacket): string {
  return decodeUtf8(what, payloadText(packet));
}

/**
 * The payload of a `text/*` message: the string itself, sent as its UTF-8 bytes. A value that
 * is not a string, or holds an unpaired surrogate (which UTF-8 cannot carry), throws a
 * `ValidationError` naming `what`.
 */
export function textPayload(what: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new ValidationError(what, [
      { path: '$', message: `must be a string, not ${describe(value)}` },
    ]);
  }
  if (/\p{Cs}/u.test(value)) {
    throw new ValidationError(what, [
      { path: '$', message: 'holds an unpaired surrogate, which is not valid UTF-8' },
    ]);
  }
  return value;
}

/** The payload of a raw-bytes message, sent as it is; anything but a `Uint8Array` throws a `ValidationError` naming `what`. */
export function bytesPayload(what: string, value: unknown): Uint8Array {
  if (value instanceof Uint8Array) {
    return value;
  }
  throw new ValidationError(what, [
    { path: '$', message: `must be a Uint8Array of bytes, not ${describe(value)}` },
  ]);
}

/** The MQTT 5 user properties of a received packet, one string per key (the first when repeated). */
export function userProperties(packet: IPublishPacket): { [key: string]: string } | undefined {
  const properties = packet.properties?.userProperties;
  if (properties === undefined) {
    return undefined;
  }
  const out: { [key: string]: string } = {};
  for (const key of Object.keys(properties)) {
    const value: unknown = properties[key];
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') {
      out[key] = first;
    }
  }
  return out;
}

/** One subscriber on a client: a topic filter and what to do with each message. */
export interface Route {
  /** The topic filter the route's messages match (without any `$share/<group>/` prefix). */
  readonly filter: string;
  /** The subscription QoS. */
  readonly qos: QoS;
  /** The shared subscription group, if any: the broker filter becomes `$share/<group>/<filter>`. */
  readonly share?: string | undefined;
  /** Handles a message; returns without effect when the topic is not this route's. May throw. */
  deliver(topic: string, packet: IPublishPacket): void;
  /** Receives what `deliver` threw. */
  fail(error: Error, packet: IPublishPacket): void;
}

interface FilterState {
  count: number;
  ready: Promise<void>;
  /** The MQTT 5 subscription identifier of this filter. */
  id: number;
}

interface ClientState {
  /** Each route and the filter it is subscribed with at the broker (its `Route.filter`, or the shared form). */
  readonly routes: Map<Route, string>;
  readonly filters: Map<string, FilterState>;
  readonly listener: (topic: string, payload: unknown, packet: IPublishPacket) => void;
  nextId: number;
}

/**
 * The subscription identifiers a packet carries. An MQTT 5 broker sends one copy of a message per
 * matching subscription, each naming its subscription, so a route takes only the copies of its own
 * filter and overlapping filters (`a/+` and `a/b`) never deliver a message twice.
 */
function subscriptionIds(packet: IPublishPacket): readonly number[] | undefined {
  const ids = packet.properties?.subscriptionIdentifier;
  if (ids === undefined) {
    return undefined;
  }
  return Array.isArray(ids) ? ids : [ids];
}

// One shared `message` listener and one route table per client; nothing is stored on the client.
const states = new WeakMap<MqttClient, ClientState>();

function reportFailure(route: Route, error: unknown, packet: IPublishPacket): void {
  try {
    route.fail(asError(error), packet);
  } catch (failure) {
    console.error(failure);
  }
}

function stateOf(client: MqttClient): ClientState {
  let state = states.get(client);
  if (state === undefined) {
    const routes = new Map<Route, string>();
    const filters = new Map<string, FilterState>();
    const listener = (topic: string, _payload: unknown, packet: IPublishPacket): void => {
      const ids = subscriptionIds(packet);
      for (const [route, brokerFilter] of Array.from(routes)) {
        const filter = filters.get(brokerFilter);
        if (ids !== undefined && filter !== undefined && !ids.includes(filter.id)) {
          continue;
        }
        try {
          route.deliver(topic, packet);
        } catch (error) {
          reportFailure(route, error, packet);
        }
      }
    };
    state = { routes, filters, listener, nextId: 1 };
    states.set(client, state);
    client.on('message', listener);
  }
  return state;
}

function releaseRoute(client: MqttClient, state: ClientState, route: Route): Promise<void> {
  const brokerFilter = state.routes.get(route);
  if (brokerFilter === undefined) {
    return Promise.resolve();
  }
  state.routes.delete(route);
  if (state.routes.size === 0) {
    client.removeListener('message', state.listener);
    states.delete(client);
  }
  const filter = state.filters.get(brokerFilter);
  if (filter === undefined) {
    return Promise.resolve();
  }
  filter.count -= 1;
  if (filter.count > 0) {
    return Promise.resolve();
  }
  state.filters.delete(brokerFilter);
  if (!client.connected) {
    // Still tell MQTT.js, so that it does not resubscribe the filter on reconnect; there is no
    // UNSUBACK to wait for while offline.
    try {
      client.unsubscribe(brokerFilter, () => undefined);
    } catch {
      // An ended client has nothing left to unsubscribe.
    }
    return Promise.resolve();
  }
  return new Promise<void>((resolve, reject) => {
    client.unsubscribe(brokerFilter, (error) => {
      if (error) {
        reject(asError(error));
      } else {
        resolve();
      }
    });
  });
}

function brokerSubscribe(client: MqttClient, filter: string, qos: QoS, id: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    try {
      const options = isMqtt5(client)
        ? { qos, properties: { subscriptionIdentifier: id } }
        : { qos };
      client.subscribe(filter, options, (error, granted) => {
        if (error) {
          reject(asError(error));
          return;
        }
        const refused = (granted ?? []).find((grant) => (grant.qos & 0x80) !== 0);
        if (refused !== undefined) {
          reject(
            new Error(
              `the broker refused the subscription to ${JSON.stringify(filter)} (reason code ${refused.qos})`,
            ),
          );
          return;
        }
        resolve();
      });
    } catch (error) {
      reject(asError(error));
    }
  });
}

/**
 * Adds `route` to the client's route table and subscribes its filter at the broker (once per
 * filter, however many routes use it; a filter keeps the QoS of the route that subscribed it
 * first, because subscribing again would make the broker resend its retained messages to every
 * route). Resolves after the SUBACK; rejects, leaving nothing behind, when the client is not
 * connected or the broker refuses. A route with `share` subscribes `$share/<group>/<filter>`
 * (the group is checked first) and still matches messages by their real topic.
 */
export async function addRoute(client: MqttClient, route: Route): Promise<Subscription> {
  checkedFilter(route.filter);
  const brokerFilter = checkedFilter(
    route.share === undefined
      ? route.filter
      : `$share/${checkedShareGroup(route.share)}/${route.filter}`,
  );
  if (!client.connected) {
    throw new Error(
      `cannot subscribe to ${JSON.stringify(brokerFilter)}: the MQTT client is not connected`,
    );
  }
  const state = stateOf(client);
  // The route goes in before the SUBSCRIBE so that retained messages sent with the SUBACK are seen.
  state.routes.set(route, brokerFilter);
  let filter = state.filters.get(brokerFilter);
  if (filter === undefined) {
    const id = state.nextId;
    state.nextId = id >= 268435455 ? 1 : id + 1;
    filter = { count: 0, ready: brokerSubscribe(client, brokerFilter, route.qos, id), id };
    state.filters.set(brokerFilter, filter);
  }
  filter.count += 1;
  try {
    await filter.ready;
  } catch (error) {
    if (state.filters.get(brokerFilter) === filter) {
      filter.count -= 1;
      if (filter.count === 0) {
        state.filters.delete(brokerFilter);
      }
    }
    state.routes.delete(route);
    if (state.routes.size === 0 && states.get(client) === state) {
      client.removeListener('message', state.listener);
      states.delete(client);
    }
    throw error;
  }
  let active = true;
  return {
    topic: brokerFilter,
    unsubscribe(): Promise<void> {
      if (!active) {
        return Promise.resolve();
      }
      active = false;
      return releaseRoute(client, state, route);
    },
  };
}

/** The default error callback of a subscription. */
export function logDeliveryError(error: Error, packet: IPublishPacket): void {
  console.error(`asyncapi-codegen: dropped a message on ${JSON.stringify(packet.topic)}:`, error);
}

// A plain assignment to `__proto__` would replace the prototype instead of adding a property.
function setOwn(object: { [key: string]: unknown }, key: string, value: unknown): void {
  Object.defineProperty(object, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * Encodes headers as MQTT 5 user properties (which are strings): the properties named in
 * `raw` (string-typed in the schema) go as they are, every other value as JSON text.
 */
export function encodeUserProperties(
  headers: object,
  raw: readonly string[],
): { [key: string]: string } {
  const out: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined || (value === null && raw.includes(key))) {
      continue;
    }
    setOwn(
      out,
      key,
      raw.includes(key) && typeof value === 'string' ? value : JSON.stringify(value),
    );
  }
  return out;
}

/**
 * Decodes MQTT 5 user properties by the header schema: the properties named in `raw` stay
 * strings, the other `known` ones are parsed as JSON. Unknown properties are ignored.
 */
export function decodeUserProperties(
  properties: { readonly [key: string]: string },
  known: readonly string[],
  raw: readonly string[],
  problems: ValidationProblem[],
): { [key: string]: unknown } {
  const out: { [key: string]: unknown } = {};
  for (const key of known) {
    if (!Object.prototype.hasOwnProperty.call(properties, key)) {
      continue;
    }
    const text = properties[key];
    if (text === undefined) {
      continue;
    }
    if (raw.includes(key)) {
      setOwn(out, key, text);
      continue;
    }
    try {
      setOwn(out, key, JSON.parse(text) as unknown);
    } catch {
      problems.push({
        path: /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `$.${key}` : `$[${JSON.stringify(key)}]`,
        message: 'is not valid JSON text in its MQTT user property',
      });
    }
  }
  return out;
}

/** A header value as MQTT 5 correlation data text: strings as they are, other values as JSON. */
export function correlationText(value: unknown): string | undefined {
  if (value === undefined || value === null) {
    return undefined;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The JSON value of a received payload for a message without a payload schema (`undefined` when empty). */
export function anyPayload(packet: IPublishPacket): unknown {
  const text = decodeUtf8('payload', payloadText(packet));
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
