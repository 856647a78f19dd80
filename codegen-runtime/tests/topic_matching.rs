//! Topic matching against the table the TypeScript runtime runs too
//! (`tests/fixtures/topic-matching-cases.json` at the workspace root): filter matching,
//! topics and filters made from address templates, parameters read back from topics, and
//! shared subscriptions. Every case must get the table's verdict.

use asyncapi_codegen_runtime::share;
use asyncapi_codegen_runtime::topic::{self, TopicError};
use serde_json::{Map, Value};

fn table() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/topic-matching-cases.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).expect("the table is JSON")
}

fn cases<'a>(table: &'a Value, section: &str) -> &'a [Value] {
    table[section]
        .as_array()
        .unwrap_or_else(|| panic!("the table has no `{section}` list"))
}

fn text<'a>(case: &'a Value, key: &str) -> &'a str {
    case[key]
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string in {case}"))
}

/// The parameter names the runtime's `&'static str` pairs need: the test leaks its few
/// short names once.
fn pairs(values: &Value) -> Vec<(&'static str, String)> {
    values
        .as_object()
        .expect("values are an object")
        .iter()
        .map(|(name, value)| {
            let name: &'static str = Box::leak(name.clone().into_boxed_str());
            (name, value.as_str().expect("a string value").to_owned())
        })
        .collect()
}

/// Whether `value` fits parameter `name` by the case's `parameters` constraints (its `kind`
/// and `allowed` values), as the generated `Parameters::parse` asks `extract_where`.
fn fits(constraints: &Value, name: &str, value: &str) -> bool {
    let c = &constraints[name];
    let allowed = c["allowed"]
        .as_array()
        .is_none_or(|list| list.iter().any(|v| v.as_str() == Some(value)));
    let typed = match c["kind"].as_str() {
        Some("integer") => topic::parse_integer("p", value).is_ok(),
        Some("number") => topic::parse_number("p", value).is_ok(),
        Some("boolean") => topic::parse_boolean("p", value).is_ok(),
        _ => true,
    };
    allowed && typed
}

/// `topic::extract_where` with the template's parameter count as its const generic and the
/// case's parameter constraints, as an object of names to values (`None` for a topic of
/// another channel).
fn extract(template: &str, topic: &str, constraints: &Value) -> Option<Map<String, Value>> {
    fn named<const N: usize>(
        template: &str,
        topic: &str,
        names: &[&str],
        constraints: &Value,
    ) -> Option<Map<String, Value>> {
        let accept = |i: usize, v: &str| names.get(i).is_none_or(|n| fits(constraints, n, v));
        match topic::extract_where::<N>(template, topic, accept) {
            Ok(values) => Some(
                names
                    .iter()
                    .zip(values)
                    .map(|(name, value)| ((*name).to_owned(), Value::from(value)))
                    .collect(),
            ),
            Err(TopicError::Mismatch { .. }) => None,
            Err(e) => panic!("extract({template:?}, {topic:?}) failed unexpectedly: {e}"),
        }
    }
    let names = topic::parameter_names(template);
    match names.len() {
        0 => named::<0>(template, topic, &names, constraints),
        1 => named::<1>(template, topic, &names, constraints),
        2 => named::<2>(template, topic, &names, constraints),
        3 => named::<3>(template, topic, &names, constraints),
        n => panic!("the test reads up to 3 parameters, {template:?} has {n}"),
    }
}

#[test]
fn filters_match_as_the_table_says() {
    let table = table();
    let filters = cases(&table, "filters");
    assert!(filters.len() >= 30, "{} filter cases", filters.len());
    for case in filters {
        let (name, filter, topic) = (
            text(case, "name"),
            text(case, "filter"),
            text(case, "topic"),
        );
        let expected = case["matches"].as_bool().expect("matches is a boolean");
        assert_eq!(
            topic::matches_filter(filter, topic),
            expected,
            "{name}: filter {filter:?}, topic {topic:?}"
        );
    }
}

#[test]
fn templates_fill_filter_and_match_as_the_table_says() {
    let table = table();
    let templates = cases(&table, "templates");
    assert!(templates.len() >= 15, "{} template cases", templates.len());
    let mut checked = 0;
    for case in templates {
        let (name, template) = (text(case, "name"), text(case, "template"));
        for fill in case["fill"].as_array().expect("fill") {
            let values = pairs(&fill["values"]);
            let borrowed: Vec<(&'static str, &str)> =
                values.iter().map(|(n, v)| (*n, v.as_str())).collect();
            let got = topic::fill(template, &borrowed).ok();
            assert_eq!(
                got.as_deref(),
                fill["topic"].as_str(),
                "{name}: fill {template:?} with {}",
                fill["values"]
            );
            checked += 1;
        }
        for filter in case["filter"].as_array().expect("filter") {
            let fixed = pairs(&filter["fixed"]);
            // Every parameter of the template, `None` where the case fixes no value.
            let all: Vec<(&'static str, Option<&str>)> = topic::parameter_names(template)
                .into_iter()
                .map(|name| {
                    let value = fixed.iter().find(|(n, _)| *n == name);
                    let name: &'static str = value.map_or_else(
                        || &*Box::leak(name.to_owned().into_boxed_str()),
                        |(n, _)| *n,
                    );
                    (name, value.map(|(_, v)| v.as_str()))
                })
                .collect();
            let got = topic::filter(template, &all).ok();
            assert_eq!(
                got.as_deref(),
                filter["filter"].as_str(),
                "{name}: filter of {template:?} fixing {}",
                filter["fixed"]
            );
            checked += 1;
        }
        for matched in case["match"].as_array().expect("match") {
            let topic = text(matched, "topic");
            let expected = matched["values"].as_object().cloned();
            assert_eq!(
                extract(template, topic, &case["parameters"]),
                expected,
                "{name}: {topic:?} against {template:?}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 100, "{checked} template checks");
}

#[test]
fn shared_subscriptions_as_the_table_says() {
    let table = table();
    let shares = cases(&table, "shares");
    assert!(shares.len() >= 8, "{} share cases", shares.len());
    for case in shares {
        let (name, group, filter, topic) = (
            text(case, "name"),
            text(case, "group"),
            text(case, "filter"),
            text(case, "topic"),
        );
        let subscribed = share::shared_filter(group, filter).ok();
        assert_eq!(
            subscribed.as_deref(),
            case["subscribed"].as_str(),
            "{name}: group {group:?}"
        );
        let delivered = case["delivered"].as_bool().expect("delivered");
        assert_eq!(
            topic::matches_filter(filter, topic),
            delivered,
            "{name}: {topic:?} through {filter:?}"
        );
    }
}
