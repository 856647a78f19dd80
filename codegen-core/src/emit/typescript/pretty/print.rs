//! From a parsed line to a [`Doc`], the way prettier's TypeScript printer builds it: the same
//! groups, indentation and trailing commas for calls, parameters, objects, arrays, binary and
//! conditional expressions, unions, intersections and assignments.

use super::doc::*;
use super::parse::{Assign, Expr, Line, Member, Param, Prop, Type, Value, OPEN};
use super::shape::{NAME, STRING};
use super::width::string_width;

/// prettier's default `tabWidth`.
const TAB_WIDTH: usize = 2;

/// Where an expression sits: what prettier's printers look at in the parent node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    /// Anywhere else.
    Plain,
    /// The condition of `if (…)` or `while (…)`.
    IfTest,
    /// The argument of `return` or `throw`.
    Return,
    /// The right side of an assignment, declaration or property.
    AssignRight,
    /// The test of a conditional expression; `true` when that one is a call argument or
    /// returned.
    CondTest(bool),
    /// A call argument.
    CallArg,
    /// The body of an arrow function.
    ArrowBody,
    /// An operand of a binary expression of the given kind (`true`: logical).
    Binary(bool),
    /// The operand of a unary operator.
    Unary,
    /// The object of a member access.
    MemberObject,
}

/// Builds documents; numbers the groups that other parts refer to.
#[derive(Default)]
pub(crate) struct Printer {
    next_id: usize,
}

fn is_logical(op: &str) -> bool {
    matches!(op, "&&" | "||" | "??")
}

fn precedence(op: &str) -> u8 {
    match op {
        "??" | "||" => 1,
        "&&" => 2,
        "|" => 3,
        "^" => 4,
        "&" => 5,
        "==" | "!=" | "===" | "!==" => 6,
        "<" | ">" | "<=" | ">=" | "instanceof" | "in" => 7,
        "+" | "-" => 9,
        "*" | "/" | "%" => 10,
        _ => 11,
    }
}

/// prettier's `shouldFlatten`: operators printed as one chain.
fn should_flatten(parent: &str, node: &str) -> bool {
    if precedence(node) != precedence(parent) {
        return false;
    }
    if parent == "**" {
        return false;
    }
    let equality = |o: &str| matches!(o, "==" | "!=" | "===" | "!==");
    if equality(parent) && equality(node) {
        return false;
    }
    if (node == "%" && matches!(parent, "*" | "/")) || (parent == "%" && matches!(node, "*" | "/"))
    {
        return false;
    }
    if node != parent && matches!(node, "*" | "/") && matches!(parent, "*" | "/") {
        return false;
    }
    true
}

fn unparen(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(inner) => unparen(inner),
        other => other,
    }
}

/// `Some(logical)` for a binary expression.
fn binary_kind(e: &Expr) -> Option<bool> {
    match unparen(e) {
        Expr::Binary(_, op, _) => Some(is_logical(op)),
        _ => None,
    }
}

fn should_inline_logical(e: &Expr) -> bool {
    match e {
        Expr::Binary(_, op, right) if is_logical(op) => match &**right {
            Expr::Object(p) => !p.is_empty(),
            Expr::Array(a) => !a.is_empty(),
            _ => false,
        },
        _ => false,
    }
}

fn is_object_type(t: &Type) -> bool {
    matches!(t, Type::Object(_))
}

/// prettier's `isSimpleType`: a keyword or a name without type arguments.
fn is_simple_type(t: &Type) -> bool {
    matches!(t, Type::Name(_))
}

/// A named type (prettier's `TSTypeReference`), not a keyword or a literal.
fn is_type_reference(t: &Type) -> bool {
    match t {
        Type::Generic(..) => true,
        Type::Name(n) => {
            n.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '$' || c == NAME)
                && !matches!(
                    n.as_str(),
                    "string"
                        | "number"
                        | "boolean"
                        | "bigint"
                        | "symbol"
                        | "object"
                        | "unknown"
                        | "any"
                        | "never"
                        | "undefined"
                        | "null"
                        | "void"
                        | "true"
                        | "false"
                        | "this"
                )
        }
        _ => false,
    }
}

/// prettier's `shouldHugUnion`: one object type or named type, the rest `null` or `void`.
fn should_hug_union(types: &[Type]) -> bool {
    let Some(r) = types
        .iter()
        .position(|t| is_object_type(t) || is_type_reference(t))
    else {
        return false;
    };
    types
        .iter()
        .enumerate()
        .all(|(i, t)| i == r || matches!(t, Type::Name(n) if n == "null" || n == "void"))
}

/// prettier's `shouldHugType`.
fn should_hug_type(t: &Type) -> bool {
    match t {
        Type::Union(types) => should_hug_union(types),
        _ => is_simple_type(t) || is_object_type(t),
    }
}

/// Prints flat: prettier's `removeLines`.
fn remove_lines(doc: Doc) -> Doc {
    match doc {
        Doc::Line { soft } => {
            if soft {
                text("")
            } else {
                text(" ")
            }
        }
        Doc::Concat(parts) => concat(parts.into_iter().map(remove_lines).collect()),
        Doc::Group(g) => {
            let g = *g;
            remove_lines(g.contents)
        }
        Doc::Indent(d) => indent(remove_lines(*d)),
        Doc::Align(n, d) => align(n, remove_lines(*d)),
        Doc::IndentIfBreak(id, d) => Doc::IndentIfBreak(id, Box::new(remove_lines(*d))),
        Doc::IfBreak { flat, .. } => remove_lines(*flat),
        other => other,
    }
}

enum Layout {
    BreakAfterOperator,
    NeverBreakAfterOperator,
    Fluid,
    BreakLhs,
}

impl Printer {
    fn id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id
    }

    /// The document of one line.
    pub(crate) fn line(&mut self, line: &Line) -> Doc {
        match line {
            Line::Specifiers(head, names, tail) => {
                let list = if names.len() == 1 {
                    text(format!("{{ {} }}", names[0]))
                } else {
                    group(bracketed(
                        "{",
                        line_doc,
                        names.iter().map(|n| text(n.clone())).collect(),
                        ",",
                        ",",
                        "}",
                    ))
                };
                concat(vec![text(format!("{head} ")), list, text(tail.clone())])
            }
            Line::Function(head, params, ret, end) => {
                let params_doc = self.params(params, false);
                let ret_doc = ret
                    .as_ref()
                    .map(|t| concat(vec![text(": "), self.ty(t, false)]));
                let group_params = params.len() == 1
                    && ret.as_ref().is_some_and(|t| {
                        is_object_type(t) || ret_doc.as_ref().is_some_and(will_break)
                    });
                let params_doc = if group_params {
                    group(params_doc)
                } else {
                    params_doc
                };
                let mut sig = vec![params_doc];
                sig.extend(ret_doc);
                concat(vec![
                    text(head.clone()),
                    group(concat(sig)),
                    text(end.clone()),
                ])
            }
            Line::Assign(a) => self.assign(a),
            Line::Field(left, t, end) => concat(vec![
                text(format!("{left}: ")),
                self.ty(t, false),
                text(end.clone()),
            ]),
            Line::Return(kw, e) => {
                let arg = if binary_kind(e).is_some() && !matches!(e, Expr::Paren(_)) {
                    group(concat(vec![
                        if_break(text("("), text("")),
                        indent(concat(vec![softline(), self.expr(e, Ctx::Return)])),
                        softline(),
                        if_break(text(")"), text("")),
                    ]))
                } else {
                    self.expr(e, Ctx::Return)
                };
                concat(vec![text(format!("{kw} ")), arg, text(";")])
            }
            Line::Condition(head, c, end) => {
                let (prefix, kw) = match head.strip_prefix("} else ") {
                    Some(kw) => ("} else ", kw),
                    None => ("", head.as_str()),
                };
                concat(vec![
                    text(prefix),
                    group(concat(vec![
                        text(format!("{kw} (")),
                        group(concat(vec![
                            indent(concat(vec![softline(), self.expr(c, Ctx::IfTest)])),
                            softline(),
                        ])),
                        text(")"),
                    ])),
                    text(end.clone()),
                ])
            }
            Line::Expression(e, end) => concat(vec![self.expr(e, Ctx::Plain), text(end.clone())]),
        }
    }

    fn assign(&mut self, a: &Assign) -> Doc {
        let left = match (&a.left_type, &a.target) {
            (Some(t), _) => concat(vec![text(format!("{}: ", a.left)), self.ty(t, false)]),
            (None, Some(target)) => self.expr(target, Ctx::Plain),
            (None, None) => text(a.left.clone()),
        };
        let op = if a.op == ":" { ":" } else { " =" };
        let right = match &a.right {
            Value::Expr(e) => self.expr(e, Ctx::AssignRight),
            Value::Type(t) => self.ty_in(t, false, true),
        };
        let layout = self.choose_layout(a, &left);
        let doc = match layout {
            Layout::BreakAfterOperator => group(concat(vec![
                group(left),
                text(op),
                group(indent(concat(vec![line_doc(), right]))),
            ])),
            Layout::NeverBreakAfterOperator => {
                group(concat(vec![group(left), text(op), text(" "), right]))
            }
            Layout::Fluid => {
                let id = self.id();
                group(concat(vec![
                    group(left),
                    text(op),
                    group_with(indent(line_doc()), false, Some(id)),
                    Doc::IndentIfBreak(id, Box::new(right)),
                ]))
            }
            Layout::BreakLhs => group(concat(vec![left, text(op), text(" "), group(right)])),
        };
        concat(vec![doc, text(a.end.clone())])
    }

    /// prettier's `chooseLayout` for the cases the emitters write.
    fn choose_layout(&mut self, a: &Assign, left: &Doc) -> Layout {
        let can_break_left = can_break(left);
        if let Some(Type::Generic(_, args)) = &a.left_type {
            if args.len() > 1 && args.iter().any(|t| matches!(t, Type::Generic(..))) {
                return Layout::BreakLhs;
            }
        }
        let short_key = a.property && string_width(&a.left) < TAB_WIDTH + 3;
        match &a.right {
            Value::Expr(e) => {
                if matches!(e, Expr::Arrow(..)) && can_break_left && !a.property {
                    return Layout::BreakLhs;
                }
                if self.break_after_operator(e, short_key) {
                    return Layout::BreakAfterOperator;
                }
                let literal = match e {
                    Expr::Atom(s) => {
                        s.starts_with('`')
                            || s == "true"
                            || s == "false"
                            || s.starts_with(|c: char| c.is_ascii_digit())
                    }
                    _ => false,
                };
                if !can_break_left && (short_key || literal) {
                    return Layout::NeverBreakAfterOperator;
                }
                Layout::Fluid
            }
            Value::Type(Type::Union(types)) if !should_hug_union(types) => {
                Layout::BreakAfterOperator
            }
            Value::Type(_) => Layout::Fluid,
        }
    }

    fn break_after_operator(&mut self, e: &Expr, short_key: bool) -> bool {
        if matches!(e, Expr::Binary(..)) && !should_inline_logical(e) {
            return true;
        }
        if let Expr::Cond(test, _, _) = e {
            return matches!(&**test, Expr::Binary(..)) && !should_inline_logical(test);
        }
        if short_key {
            return false;
        }
        let mut node = e;
        loop {
            match node {
                Expr::Unary(op, arg) if op != "..." => node = arg,
                Expr::NonNull(inner) => node = inner,
                _ => break,
            }
        }
        if let Expr::Atom(s) = node {
            if s.starts_with(['\'', '"', STRING]) {
                return true;
            }
        }
        poorly_breakable_chain(node, false)
    }

    fn expr(&mut self, e: &Expr, ctx: Ctx) -> Doc {
        match e {
            Expr::Atom(s) if s == OPEN => {
                group_with(concat(vec![text("{\u{1}"), indent(line_doc())]), true, None)
            }
            Expr::Atom(s) => text(s.clone()),
            Expr::Member(obj, dot, name) => concat(vec![
                self.expr(obj, Ctx::MemberObject),
                text(format!("{dot}{name}")),
            ]),
            Expr::Index(obj, i) => {
                let obj = self.expr(obj, Ctx::MemberObject);
                let idx = self.expr(i, Ctx::Plain);
                if matches!(&**i, Expr::Atom(s) if s.starts_with(|c: char| c.is_ascii_digit())) {
                    concat(vec![obj, text("["), idx, text("]")])
                } else {
                    concat(vec![
                        obj,
                        group(concat(vec![
                            text("["),
                            indent(concat(vec![softline(), idx])),
                            softline(),
                            text("]"),
                        ])),
                    ])
                }
            }
            Expr::Call {
                new,
                callee,
                type_args,
                args,
            } => {
                let mut parts = Vec::new();
                if *new {
                    parts.push(text("new "));
                }
                parts.push(self.expr(callee, Ctx::MemberObject));
                if let Some(t) = type_args {
                    parts.push(self.type_args(t));
                }
                parts.push(self.call_args(args));
                concat(parts)
            }
            Expr::Unary(op, arg) => concat(vec![text(op.clone()), self.expr(arg, Ctx::Unary)]),
            Expr::Binary(..) => self.binary(e, ctx),
            Expr::Cond(test, cons, alt) => {
                let in_call = matches!(ctx, Ctx::CallArg | Ctx::Return);
                let test = self.expr(test, Ctx::CondTest(in_call));
                let cons = self.expr(cons, Ctx::Plain);
                let alt = self.expr(alt, Ctx::Plain);
                group(concat(vec![
                    test,
                    indent(concat(vec![
                        line_doc(),
                        text("? "),
                        align(2, cons),
                        line_doc(),
                        text(": "),
                        align(2, alt),
                    ])),
                ]))
            }
            Expr::Arrow(params, ret, body) => self.arrow(params, ret.as_ref(), body, false),
            Expr::Object(props) => self.object(props),
            Expr::Array(items) => self.array(items),
            Expr::As(inner, kw, t) => concat(vec![
                self.expr(inner, Ctx::Plain),
                text(format!(" {kw} ")),
                self.ty(t, false),
            ]),
            Expr::NonNull(inner) => concat(vec![self.expr(inner, Ctx::MemberObject), text("!")]),
            Expr::Paren(inner) => concat(vec![text("("), self.expr(inner, ctx), text(")")]),
        }
    }

    fn object(&mut self, props: &[Prop]) -> Doc {
        if props.is_empty() {
            return text("{}");
        }
        let items = props
            .iter()
            .map(|p| match p {
                Prop::Pair(k, v) => {
                    let a = Assign {
                        left: k.clone(),
                        left_type: None,
                        op: ":",
                        right: Value::Expr(v.clone()),
                        end: String::new(),
                        property: true,
                        target: None,
                    };
                    self.assign(&a)
                }
                Prop::Short(k) => text(k.clone()),
                Prop::Spread(e) => concat(vec![text("..."), self.expr(e, Ctx::Plain)]),
            })
            .collect();
        group(bracketed("{", line_doc, items, ",", ",", "}"))
    }

    fn array(&mut self, items: &[Expr]) -> Doc {
        if items.is_empty() {
            return text("[]");
        }
        let should_break = items.len() > 1
            && (items
                .iter()
                .all(|e| matches!(e, Expr::Object(p) if p.len() > 1))
                || items
                    .iter()
                    .all(|e| matches!(e, Expr::Array(a) if a.len() > 1)));
        let docs = items.iter().map(|e| self.expr(e, Ctx::Plain)).collect();
        group_with(
            bracketed("[", softline, docs, ",", ",", "]"),
            should_break,
            None,
        )
    }

    fn binary(&mut self, e: &Expr, ctx: Ctx) -> Doc {
        let inside_parens = ctx == Ctx::IfTest;
        let parts = self.binary_parts(e, inside_parens, ctx);
        if inside_parens {
            return concat(parts);
        }
        if matches!(ctx, Ctx::Unary | Ctx::MemberObject) {
            return group(concat(vec![
                indent(concat(vec![softline(), concat(parts)])),
                softline(),
            ]));
        }
        let should_not_indent = matches!(ctx, Ctx::Return | Ctx::ArrowBody | Ctx::CondTest(false));
        let should_indent_if_inlining = ctx == Ctx::AssignRight;
        let Expr::Binary(left, op, _) = e else {
            unreachable!("binary() is only called with a binary expression")
        };
        let same_precedence_sub =
            matches!(&**left, Expr::Binary(_, lop, _) if should_flatten(op, lop));
        let inline = should_inline_logical(e);
        if should_not_indent
            || (inline && !same_precedence_sub)
            || (!inline && should_indent_if_inlining)
        {
            return group(concat(parts));
        }
        let mut parts = parts.into_iter();
        let head = parts.next().expect("a left operand");
        group(concat(vec![head, indent(concat(parts.collect()))]))
    }

    fn binary_parts(&mut self, e: &Expr, inside_parens: bool, ctx: Ctx) -> Vec<Doc> {
        let Expr::Binary(left, op, right) = e else {
            return vec![group(self.expr(e, ctx))];
        };
        let kind = is_logical(op);
        let mut parts = match &**left {
            Expr::Binary(_, lop, _) if should_flatten(op, lop) => {
                self.binary_parts(left, inside_parens, Ctx::Binary(kind))
            }
            _ => vec![group(self.expr(left, Ctx::Binary(kind)))],
        };
        let inline = should_inline_logical(e);
        let right_doc = self.expr(right, Ctx::Binary(kind));
        let right_part = if inline {
            concat(vec![text(format!("{op} ")), right_doc])
        } else {
            concat(vec![text(op.clone()), line_doc(), right_doc])
        };
        let parent_same = ctx == Ctx::Binary(kind);
        let should_group = !(parent_same || (inside_parens && kind))
            && binary_kind(left) != Some(kind)
            && binary_kind(right) != Some(kind);
        parts.push(text(" "));
        parts.push(if should_group {
            group(right_part)
        } else {
            right_part
        });
        parts
    }

    fn arrow(&mut self, params: &[Param], ret: Option<&Type>, body: &Expr, expand: bool) -> Doc {
        let params_doc = self.params(params, expand);
        let mut sig = vec![params_doc];
        if let Some(t) = ret {
            sig.push(text(": "));
            sig.push(self.ty(t, false));
        }
        let sig = group(concat(sig));
        let same_line =
            matches!(body, Expr::Object(_) | Expr::Array(_) | Expr::Arrow(..)) || is_open(body);
        let body_doc = self.expr(body, Ctx::ArrowBody);
        if same_line {
            return group(concat(vec![sig, text(" => "), body_doc]));
        }
        let mut tail = vec![indent(concat(vec![line_doc(), body_doc]))];
        if expand {
            tail.push(if_break(text(","), text("")));
            tail.push(softline());
        }
        group(concat(vec![sig, text(" =>"), group(concat(tail))]))
    }

    fn call_args(&mut self, args: &[Expr]) -> Doc {
        if args.is_empty() {
            return text("()");
        }
        let n = args.len();
        let printed: Vec<Doc> = args
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let d = self.expr(a, Ctx::CallArg);
                if i + 1 < n {
                    concat(vec![d, text(","), line_doc()])
                } else {
                    d
                }
            })
            .collect();
        let all_broken_out = |printed: &[Doc]| {
            group_with(
                concat(vec![
                    text("("),
                    indent(concat(
                        std::iter::once(line_doc())
                            .chain(printed.iter().cloned())
                            .collect(),
                    )),
                    text(","),
                    line_doc(),
                    text(")"),
                ]),
                true,
                None,
            )
        };
        if should_expand_last_arg(args) {
            let head = &printed[..n - 1];
            if head.iter().any(will_break) {
                return all_broken_out(&printed);
            }
            let last = match &args[n - 1] {
                Expr::Arrow(p, r, b) => self.arrow(p, r.as_ref(), b, true),
                other => self.expr(other, Ctx::CallArg),
            };
            let with = |last: Doc| {
                let mut v = vec![text("(")];
                v.extend(head.iter().cloned());
                v.push(last);
                v.push(text(")"));
                concat(v)
            };
            if will_break(&last) {
                return concat(vec![
                    Doc::BreakParent,
                    conditional_group(vec![
                        with(group_with(last, true, None)),
                        all_broken_out(&printed),
                    ]),
                ]);
            }
            return conditional_group(vec![
                with(last.clone()),
                with(group_with(last, true, None)),
                all_broken_out(&printed),
            ]);
        }
        let should_break = printed.iter().any(will_break);
        let mut inner = vec![softline()];
        inner.extend(printed);
        group_with(
            concat(vec![
                text("("),
                indent(concat(inner)),
                if_break(text(","), text("")),
                softline(),
                text(")"),
            ]),
            should_break,
            None,
        )
    }

    /// prettier's `printFunctionParameters`.
    fn params(&mut self, params: &[Param], expand: bool) -> Doc {
        if params.is_empty() {
            return text("()");
        }
        let hug = params.len() == 1
            && params[0].default.is_none()
            && params[0].ty.as_ref().is_some_and(is_object_type);
        let printed: Vec<Doc> = params
            .iter()
            .map(|p| {
                let mut v = vec![text(p.name.clone())];
                if let Some(t) = &p.ty {
                    v.push(text(": "));
                    v.push(self.ty(t, hug));
                }
                if let Some(d) = &p.default {
                    v.push(text(" = "));
                    v.push(self.expr(d, Ctx::Plain));
                }
                concat(v)
            })
            .collect();
        if expand {
            return group(remove_lines(concat(vec![
                text("("),
                join(text(", "), printed),
                text(")"),
            ])));
        }
        if hug {
            return concat(vec![text("("), join(text(", "), printed), text(")")]);
        }
        let rest = params.last().is_some_and(|p| p.name.starts_with("..."));
        bracketed(
            "(",
            softline,
            printed,
            ",",
            if rest { "" } else { "," },
            ")",
        )
    }

    fn type_args(&mut self, args: &[Type]) -> Doc {
        if args.len() == 1 && should_hug_type(&args[0]) {
            return concat(vec![
                text("<"),
                self.ty_in(&args[0], false, true),
                text(">"),
            ]);
        }
        let docs = args.iter().map(|t| self.ty_in(t, false, true)).collect();
        group(concat(vec![
            text("<"),
            indent(concat(vec![
                softline(),
                join(concat(vec![text(","), line_doc()]), docs),
            ])),
            softline(),
            text(">"),
        ]))
    }

    /// A type; `hugged`: the object type of a hugged only parameter (printed ungrouped).
    fn ty(&mut self, t: &Type, hugged: bool) -> Doc {
        self.ty_in(t, hugged, false)
    }

    fn ty_in(&mut self, t: &Type, hugged: bool, bare_union: bool) -> Doc {
        match t {
            Type::Name(n) => text(n.clone()),
            Type::Generic(n, args) => concat(vec![text(n.clone()), self.type_args(args)]),
            Type::Union(types) => {
                if should_hug_union(types) {
                    let docs = types.iter().map(|t| self.ty(t, false)).collect();
                    return join(text(" | "), docs);
                }
                let mut parts = Vec::new();
                for (i, ty) in types.iter().enumerate() {
                    if i == 0 {
                        parts.push(if_break(text("| "), text("")));
                    } else {
                        parts.push(line_doc());
                        parts.push(text("| "));
                    }
                    parts.push(align(2, self.ty(ty, false)));
                }
                let union = group(concat(parts));
                // As an assignment's right side (which breaks after the `=`) and as a type
                // argument, the union is printed as it is; elsewhere it may move to a line of
                // its own.
                if bare_union {
                    union
                } else {
                    group(indent(concat(vec![softline(), union])))
                }
            }
            Type::Intersection(types) => {
                let mut result = Vec::new();
                let mut was_indented = false;
                for (i, ty) in types.iter().enumerate() {
                    let doc = self.ty(ty, false);
                    if i == 0 {
                        result.push(doc);
                    } else if !is_object_type(&types[i - 1]) && !is_object_type(ty) {
                        result.push(indent(concat(vec![text(" &"), line_doc(), doc])));
                    } else if is_object_type(&types[i - 1]) && is_object_type(ty) {
                        result.push(text(" & "));
                        result.push(if was_indented { indent(doc) } else { doc });
                    } else {
                        if i > 1 {
                            was_indented = true;
                        }
                        result.push(text(" & "));
                        result.push(if i > 1 { indent(doc) } else { doc });
                    }
                }
                group(concat(result))
            }
            Type::Array(inner) => concat(vec![self.ty(inner, false), text("[]")]),
            Type::Indexed(obj, i) => concat(vec![
                self.ty(obj, false),
                text("["),
                self.ty(i, false),
                text("]"),
            ]),
            Type::Object(members) => {
                if members.is_empty() {
                    return text("{}");
                }
                let docs = members
                    .iter()
                    .map(|m| match m {
                        Member::Property(head, t) => {
                            concat(vec![text(format!("{head}: ")), self.ty(t, false)])
                        }
                        Member::Index(head, p, t) => concat(vec![
                            text(format!("{head}[{}: ", p.name)),
                            self.ty(p.ty.as_ref().expect("an index type"), false),
                            text("]: "),
                            self.ty(t, false),
                        ]),
                    })
                    .collect();
                let content = bracketed("{", line_doc, docs, ";", ";", "}");
                if hugged {
                    content
                } else {
                    group(content)
                }
            }
            Type::Tuple(items) => {
                let docs = items.iter().map(|t| self.ty(t, false)).collect();
                group(bracketed("[", softline, docs, ",", ",", "]"))
            }
            Type::Function(params, ret) => {
                let params_doc = self.params(params, false);
                let ret = self.ty(ret, false);
                group(concat(vec![params_doc, text(" => "), ret]))
            }
            Type::Prefix(p, inner) => concat(vec![text(*p), self.ty(inner, false)]),
            Type::Paren(inner) => concat(vec![text("("), self.ty(inner, false), text(")")]),
        }
    }
}

fn is_open(e: &Expr) -> bool {
    matches!(e, Expr::Atom(s) if s == OPEN)
}

fn line_doc() -> Doc {
    line()
}

/// prettier's bracketed list, ungrouped: `open`, the items indented and joined by `separator`
/// and a line, `trailing` after the last item when the list breaks, then `close`. `edge` is the
/// break just inside the brackets: a line (objects print `{ a }` flat), or a softline (arrays,
/// tuples and parameters print `[a]`).
fn bracketed(
    open: &'static str,
    edge: fn() -> Doc,
    items: Vec<Doc>,
    separator: &'static str,
    trailing: &'static str,
    close: &'static str,
) -> Doc {
    concat(vec![
        text(open),
        indent(concat(vec![
            edge(),
            join(concat(vec![text(separator), line_doc()]), items),
        ])),
        if_break(text(trailing), text("")),
        edge(),
        text(close),
    ])
}

/// prettier's `isPoorlyBreakableMemberOrCallChain`: a chain of names and calls without
/// arguments or with one short one.
fn poorly_breakable_chain(e: &Expr, deep: bool) -> bool {
    match e {
        Expr::Call {
            new: false,
            callee,
            type_args,
            args,
        } => {
            let short = args.is_empty() || (args.len() == 1 && is_lone_short_argument(&args[0]));
            if !short {
                return false;
            }
            if let Some(t) = type_args {
                if t.len() > 1
                    || matches!(
                        t.first(),
                        Some(Type::Union(_) | Type::Intersection(_) | Type::Object(_))
                    )
                {
                    return false;
                }
            }
            poorly_breakable_chain(callee, true)
        }
        Expr::Member(obj, _, _) => poorly_breakable_chain(obj, true),
        Expr::Index(obj, _) => poorly_breakable_chain(obj, true),
        Expr::Atom(s) => {
            deep && s.starts_with(|c: char| c.is_alphabetic() || c == '_' || c == '$' || c == NAME)
        }
        _ => false,
    }
}

/// prettier's `isLoneShortArgument` (a quarter of the print width).
fn is_lone_short_argument(e: &Expr) -> bool {
    let threshold = super::PRINT_WIDTH / 4;
    match e {
        Expr::Atom(s) => {
            if s.starts_with('`') {
                return false;
            }
            string_width(s) <= threshold
        }
        Expr::Unary(op, arg) if op == "-" || op == "!" => is_lone_short_argument(arg),
        Expr::Object(p) => p.is_empty(),
        Expr::Array(a) => a.is_empty(),
        _ => false,
    }
}

/// prettier's `shouldExpandLastArg` with `couldExpandArg`.
fn should_expand_last_arg(args: &[Expr]) -> bool {
    let last = &args[args.len() - 1];
    let could = match last {
        Expr::Atom(s) => s == OPEN,
        Expr::Object(p) => !p.is_empty(),
        Expr::Array(a) => !a.is_empty(),
        Expr::As(inner, _, _) => {
            matches!(&**inner, Expr::Object(p) if !p.is_empty())
                || matches!(&**inner, Expr::Array(a) if !a.is_empty())
        }
        Expr::Arrow(_, _, body) => {
            is_open(body)
                || matches!(
                    &**body,
                    Expr::Object(_)
                        | Expr::Array(_)
                        | Expr::Cond(..)
                        | Expr::Call { new: false, .. }
                )
        }
        _ => false,
    };
    if !could {
        return false;
    }
    // An open object is an object.
    let object = Expr::Object(Vec::new());
    let kind = |e: &Expr| std::mem::discriminant(if is_open(e) { &object } else { e });
    if args.len() >= 2 && kind(&args[args.len() - 2]) == kind(last) {
        return false;
    }
    if args.len() == 2 && matches!(args[0], Expr::Arrow(..)) && matches!(last, Expr::Array(_)) {
        return false;
    }
    if args.len() > 1 {
        if let Expr::Array(items) = last {
            if items
                .iter()
                .all(|e| matches!(e, Expr::Atom(s) if s.starts_with(|c: char| c.is_ascii_digit())))
            {
                return false;
            }
        }
    }
    true
}
