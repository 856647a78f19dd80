//! The static runtime files every generated client carries. They are plain TypeScript in
//! `codegen-core/runtime/typescript/` (read, formatted, type-checked and unit-tested there as
//! such; see its README) and embedded with `include_str!`.

/// `(path, contents)` of each runtime file, sorted by path.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "runtime/mqtt.ts",
        include_str!("../../../runtime/typescript/mqtt.ts"),
    ),
    (
        "runtime/request.ts",
        include_str!("../../../runtime/typescript/request.ts"),
    ),
    (
        "runtime/topic.ts",
        include_str!("../../../runtime/typescript/topic.ts"),
    ),
    (
        "runtime/validation.ts",
        include_str!("../../../runtime/typescript/validation.ts"),
    ),
];

/// The names each runtime module exports: `(module, name, is a value)`. The root barrel
/// re-exports those that no generated name shadows.
pub(crate) const EXPORTS: &[(&str, &str, bool)] = &[
    ("runtime/mqtt", "DEFAULT_MAX_IN_FLIGHT", true),
    ("runtime/mqtt", "PublishError", true),
    ("runtime/mqtt", "setMaxInFlight", true),
    ("runtime/mqtt", "AbortSignalLike", false),
    ("runtime/mqtt", "MessageContext", false),
    ("runtime/mqtt", "PublishErrorKind", false),
    ("runtime/mqtt", "PublishOptions", false),
    ("runtime/mqtt", "QoS", false),
    ("runtime/mqtt", "SubscribeOptions", false),
    ("runtime/mqtt", "Subscription", false),
    ("runtime/request", "InvalidReplyError", true),
    ("runtime/request", "NotConnectedError", true),
    ("runtime/request", "REPLY_TOPIC_PREFIX", true),
    ("runtime/request", "RequestAbortedError", true),
    ("runtime/request", "RequestError", true),
    ("runtime/request", "RequestTimeoutError", true),
    ("runtime/request", "closeRequests", true),
    ("runtime/request", "HandleOptions", false),
    ("runtime/request", "RequestContext", false),
    ("runtime/request", "RequestErrorKind", false),
    ("runtime/request", "RequestOptions", false),
    ("runtime/topic", "TopicMismatchError", true),
    ("runtime/validation", "ValidationError", true),
    ("runtime/validation", "ValidationProblem", false),
];
