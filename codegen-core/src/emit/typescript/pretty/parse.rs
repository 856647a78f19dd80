//! A parser for the TypeScript the emitters write, one line at a time: enough of the grammar
//! (expressions, types, declarations' first lines) to lay a long line out the way prettier does.
//! A line it does not understand is left as it is.

/// A token.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok<'a> {
    /// An identifier or keyword.
    Word(&'a str),
    /// A string, number or template literal, verbatim.
    Lit(&'a str),
    /// Punctuation.
    Punct(&'static str),
}

const PUNCTS: &[&str] = &[
    "...", "===", "!==", "**", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--",
    "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "{", "}", "(", ")", "[", "]", ";", ",", "<",
    ">", "+", "-", "*", "/", "%", "&", "|", "^", "!", "~", "?", ":", "=", ".", "@", "#",
];

/// The punctuator at the start of `rest`, longest first.
fn punct(rest: &[u8]) -> Option<&'static str> {
    let candidates: &[&'static str] = match rest[0] {
        b'.' => &["...", "."],
        b'=' => &["===", "=>", "==", "="],
        b'!' => &["!==", "!=", "!"],
        b'*' => &["**", "*=", "*"],
        b'<' => &["<=", "<"],
        b'>' => &[">=", ">"],
        b'&' => &["&&", "&=", "&"],
        b'|' => &["||", "|=", "|"],
        b'?' => &["??", "?.", "?"],
        b'+' => &["++", "+=", "+"],
        b'-' => &["--", "-=", "-"],
        b'/' => &["/=", "/"],
        b'%' => &["%=", "%"],
        b'^' => &["^=", "^"],
        _ => {
            return PUNCTS
                .iter()
                .find(|p| p.len() == 1 && p.as_bytes()[0] == rest[0])
                .copied()
        }
    };
    candidates
        .iter()
        .find(|p| rest.starts_with(p.as_bytes()))
        .copied()
}

/// Splits a line into tokens; `None` for a comment or anything unexpected.
pub(crate) fn tokenize(src: &str) -> Option<Vec<Tok<'_>>> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b' ' {
            i += 1;
        } else if c == b'\'' || c == b'"' {
            let start = i;
            i += 1;
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            if i >= b.len() {
                return None;
            }
            i += 1;
            out.push(Tok::Lit(&src[start..i]));
        } else if src[i..].starts_with(super::shape::STRING) {
            // A string literal's stand-in (see `shape`).
            let start = i;
            i += super::shape::STRING.len_utf8();
            while src[i..].starts_with(super::shape::MORE) {
                i += super::shape::MORE.len_utf8();
            }
            out.push(Tok::Lit(&src[start..i]));
        } else if c == b'`' {
            let start = i;
            i = skip_template(b, i + 1)?;
            out.push(Tok::Lit(&src[start..i]));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric()
                    || b[i] == b'.'
                    || b[i] == b'_'
                    || ((b[i] == b'+' || b[i] == b'-')
                        && matches!(b[i - 1], b'e' | b'E')
                        && !src[start..i].starts_with("0x")))
            {
                i += 1;
            }
            out.push(Tok::Lit(&src[start..i]));
        } else if c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c >= 0x80 {
            let start = i;
            while i < b.len()
                && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'$' || b[i] >= 0x80)
            {
                i += 1;
            }
            out.push(Tok::Word(&src[start..i]));
        } else {
            if src[i..].starts_with("//") || src[i..].starts_with("/*") {
                return None;
            }
            let p = punct(&b[i..])?;
            // A regular expression literal cannot be told from division here.
            if p == "/"
                && !matches!(
                    out.last(),
                    Some(Tok::Word(_) | Tok::Lit(_)) | Some(Tok::Punct(")" | "]"))
                )
            {
                return None;
            }
            i += p.len();
            out.push(Tok::Punct(p));
        }
    }
    Some(out)
}

/// The end of a template literal that starts before `i`.
fn skip_template(b: &[u8], mut i: usize) -> Option<usize> {
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => return Some(i + 1),
            b'$' if b.get(i + 1) == Some(&b'{') => {
                i += 2;
                let mut depth = 1;
                while depth > 0 {
                    match *b.get(i)? {
                        b'{' => depth += 1,
                        b'}' => depth -= 1,
                        b'\'' | b'"' => {
                            let q = b[i];
                            i += 1;
                            while *b.get(i)? != q {
                                if b[i] == b'\\' {
                                    i += 1;
                                }
                                i += 1;
                            }
                        }
                        b'`' => {
                            i = skip_template(b, i + 1)? - 1;
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// An expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    /// An identifier, literal, `this`.
    Atom(String),
    /// `a.b`, `a?.b`.
    Member(Box<Expr>, &'static str, String),
    /// `a[b]`.
    Index(Box<Expr>, Box<Expr>),
    /// A call or `new`.
    Call {
        new: bool,
        callee: Box<Expr>,
        type_args: Option<Vec<Type>>,
        args: Vec<Expr>,
    },
    /// `!a`, `typeof a`, `await a`, `...a`.
    Unary(String, Box<Expr>),
    /// `a + b`.
    Binary(Box<Expr>, String, Box<Expr>),
    /// `a ? b : c`.
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `(a) => b`.
    Arrow(Vec<Param>, Option<Type>, Box<Expr>),
    /// `{ a: b }`.
    Object(Vec<Prop>),
    /// `[a, b]`.
    Array(Vec<Expr>),
    /// `a as T`, `a satisfies T`.
    As(Box<Expr>, &'static str, Type),
    /// `a!`.
    NonNull(Box<Expr>),
    /// `(a)`.
    Paren(Box<Expr>),
}

/// An object literal's property.
#[derive(Debug, Clone)]
pub(crate) enum Prop {
    /// `key: value` (the key verbatim).
    Pair(String, Expr),
    /// `key`.
    Short(String),
    /// `...value`.
    Spread(Expr),
}

/// A function parameter.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    /// `name`, `name?`, `...name`.
    pub name: String,
    pub ty: Option<Type>,
    pub default: Option<Expr>,
}

/// A type.
#[derive(Debug, Clone)]
pub(crate) enum Type {
    /// A keyword, literal or name without arguments.
    Name(String),
    /// `Name<Args>`.
    Generic(String, Vec<Type>),
    Union(Vec<Type>),
    Intersection(Vec<Type>),
    /// `T[]`.
    Array(Box<Type>),
    /// `T[K]`.
    Indexed(Box<Type>, Box<Type>),
    /// `{ a: T; b?: U }`.
    Object(Vec<Member>),
    /// `[A, B]`.
    Tuple(Vec<Type>),
    /// `(a: A) => R`.
    Function(Vec<Param>, Box<Type>),
    /// `readonly T`, `keyof T`, `typeof x`.
    Prefix(&'static str, Box<Type>),
    /// `(T)`.
    Paren(Box<Type>),
}

/// A member of an object type.
#[derive(Debug, Clone)]
pub(crate) enum Member {
    /// `readonly name?: T`: the part before `: ` verbatim.
    Property(String, Type),
    /// `readonly [key: string]: T`.
    Index(String, Param, Type),
}

/// A line of code.
#[derive(Debug, Clone)]
pub(crate) enum Line {
    /// `import … from '…';`, `export {…} from '…';`, `export {…};`: the keywords before the
    /// braces, the names, the text after them.
    Specifiers(String, Vec<String>, String),
    /// `function f(…): R {`, a method's or constructor's first line: text before the
    /// parameters, the parameters, the return type, the text after (` {` or `;`).
    Function(String, Vec<Param>, Option<Type>, String),
    /// `const x: T = v;`, `x = v;`, `key: v,`, `type X = T;`: the left side, the operator
    /// (`=` or `:`), the value, the end of the line.
    Assign(Assign),
    /// `name?: T;` in an interface or class.
    Field(String, Type, String),
    /// `return v;`, `throw v;`.
    Return(&'static str, Expr),
    /// `if (c) {`, `} else if (c) {`, `while (c) {`: text before the condition, the condition,
    /// the text after it.
    Condition(String, Expr, String),
    /// `v;` or `v,`.
    Expression(Expr, String),
}

/// The left side, operator and right side of an assignment-like line.
#[derive(Debug, Clone)]
pub(crate) struct Assign {
    pub left: String,
    pub left_type: Option<Type>,
    pub op: &'static str,
    pub right: Value,
    pub end: String,
    /// An object literal's property (`key: value`).
    pub property: bool,
    /// The target of a plain assignment (`a.b[c] = …`).
    pub target: Option<Expr>,
}

/// The right side of an assignment.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    Expr(Expr),
    Type(Type),
}

struct Parser<'t> {
    toks: &'t [Tok<'t>],
    pos: usize,
}

type P<T> = Option<T>;

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&'t Tok<'t>> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, n: usize) -> Option<&'t Tok<'t>> {
        self.toks.get(self.pos + n)
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(q)) if *q == w)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        if self.is_word(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str) -> P<()> {
        self.eat(p).then_some(())
    }

    /// The items of a bracketed list whose opening bracket is read, through `close`: each item
    /// read by `item` and followed by one of `separators`, the last one by none.
    fn delimited<T>(
        &mut self,
        close: &str,
        separators: &[&str],
        mut item: impl FnMut(&mut Self) -> P<T>,
    ) -> P<Vec<T>> {
        let mut items = Vec::new();
        while !self.eat(close) {
            items.push(item(self)?);
            if !separators.iter().any(|separator| self.eat(separator)) {
                self.expect(close)?;
                break;
            }
        }
        Some(items)
    }

    fn word(&mut self) -> P<String> {
        match self.peek()? {
            Tok::Word(w) => {
                self.pos += 1;
                Some(w.to_string())
            }
            _ => None,
        }
    }

    fn done(&self) -> bool {
        self.pos == self.toks.len()
    }

    // ---- expressions ----

    fn expr(&mut self) -> P<Expr> {
        self.cond()
    }

    fn cond(&mut self) -> P<Expr> {
        if let Some(arrow) = self.try_arrow() {
            return Some(arrow);
        }
        let test = self.binary(0)?;
        if self.eat("?") {
            let cons = self.cond()?;
            self.expect(":")?;
            let alt = self.cond()?;
            return Some(Expr::Cond(Box::new(test), Box::new(cons), Box::new(alt)));
        }
        Some(test)
    }

    fn try_arrow(&mut self) -> Option<Expr> {
        let save = self.pos;
        let r = (|| {
            let params = if self.is("(") {
                self.pos += 1;
                self.params()?
            } else {
                let name = self.word()?;
                vec![Param {
                    name,
                    ty: None,
                    default: None,
                }]
            };
            let ret = if self.eat(":") {
                Some(self.ty()?)
            } else {
                None
            };
            self.expect("=>")?;
            let body = self.expr()?;
            Some(Expr::Arrow(params, ret, Box::new(body)))
        })();
        if r.is_none() {
            self.pos = save;
        }
        r
    }

    fn binary_op(&self) -> Option<(String, u8)> {
        let op = match self.peek()? {
            Tok::Punct(p) => *p,
            Tok::Word(w) if *w == "instanceof" || *w == "in" => {
                return Some((w.to_string(), 7));
            }
            Tok::Word(w) if *w == "as" || *w == "satisfies" => return Some((w.to_string(), 7)),
            _ => return None,
        };
        let prec = match op {
            "??" | "||" => 1,
            "&&" => 2,
            "|" => 3,
            "^" => 4,
            "&" => 5,
            "==" | "!=" | "===" | "!==" => 6,
            "<" | ">" | "<=" | ">=" => 7,
            "+" | "-" => 9,
            "*" | "/" | "%" => 10,
            "**" => 11,
            _ => return None,
        };
        Some((op.to_string(), prec))
    }

    fn binary(&mut self, min: u8) -> P<Expr> {
        let mut left = self.unary()?;
        while let Some((op, prec)) = self.binary_op() {
            if prec <= min {
                break;
            }
            self.pos += 1;
            if op == "as" || op == "satisfies" {
                let t = self.ty()?;
                left = Expr::As(
                    Box::new(left),
                    if op == "as" { "as" } else { "satisfies" },
                    t,
                );
                continue;
            }
            let right = self.binary(prec)?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Some(left)
    }

    fn unary(&mut self) -> P<Expr> {
        for op in ["!", "-", "+", "~", "..."] {
            if self.eat(op) {
                let arg = self.unary()?;
                return Some(Expr::Unary(op.to_string(), Box::new(arg)));
            }
        }
        for op in ["typeof", "void", "await", "delete"] {
            if self.is_word(op)
                && !matches!(
                    self.peek_at(1),
                    Some(Tok::Punct("." | ")" | "," | ";" | "=" | ":"))
                )
            {
                self.pos += 1;
                let arg = self.unary()?;
                return Some(Expr::Unary(format!("{op} "), Box::new(arg)));
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> P<Expr> {
        let mut e = if self.eat_word("new") {
            let mut callee = self.primary()?;
            while self.is(".") {
                self.pos += 1;
                let name = self.word()?;
                callee = Expr::Member(Box::new(callee), ".", name);
            }
            let type_args = self.try_type_args();
            let args = if self.eat("(") {
                self.args()?
            } else {
                Vec::new()
            };
            Expr::Call {
                new: true,
                callee: Box::new(callee),
                type_args,
                args,
            }
        } else {
            self.primary()?
        };
        loop {
            if self.eat(".") {
                let name = self.word()?;
                e = Expr::Member(Box::new(e), ".", name);
            } else if self.is("?.") {
                self.pos += 1;
                if self.eat("(") {
                    return None;
                }
                let name = self.word()?;
                e = Expr::Member(Box::new(e), "?.", name);
            } else if self.eat("[") {
                let i = self.expr()?;
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(i));
            } else if self.is("(") {
                self.pos += 1;
                let args = self.args()?;
                e = Expr::Call {
                    new: false,
                    callee: Box::new(e),
                    type_args: None,
                    args,
                };
            } else if self.is("<") {
                let Some(type_args) = self.try_type_args() else {
                    break;
                };
                self.expect("(")?;
                let args = self.args()?;
                e = Expr::Call {
                    new: false,
                    callee: Box::new(e),
                    type_args: Some(type_args),
                    args,
                };
            } else if self.is("!")
                && !matches!(
                    self.peek_at(1),
                    Some(Tok::Word(_) | Tok::Lit(_)) | Some(Tok::Punct("("))
                )
            {
                self.pos += 1;
                e = Expr::NonNull(Box::new(e));
            } else {
                break;
            }
        }
        Some(e)
    }

    fn try_type_args(&mut self) -> Option<Vec<Type>> {
        if !self.is("<") {
            return None;
        }
        let save = self.pos;
        self.pos += 1;
        let r = (|| {
            let mut out = Vec::new();
            loop {
                out.push(self.ty()?);
                if self.eat(">") {
                    break;
                }
                self.expect(",")?;
            }
            Some(out)
        })();
        if r.is_none() {
            self.pos = save;
        }
        r
    }

    /// Call arguments after `(`, through `)`.
    fn args(&mut self) -> P<Vec<Expr>> {
        self.delimited(")", &[","], Self::expr)
    }

    fn primary(&mut self) -> P<Expr> {
        match self.peek()? {
            Tok::Lit(l) => {
                self.pos += 1;
                Some(Expr::Atom(l.to_string()))
            }
            Tok::Word(w) => {
                self.pos += 1;
                Some(Expr::Atom(w.to_string()))
            }
            Tok::Punct("(") => {
                self.pos += 1;
                let e = self.expr()?;
                self.expect(")")?;
                Some(Expr::Paren(Box::new(e)))
            }
            Tok::Punct("[") => {
                self.pos += 1;
                Some(Expr::Array(self.delimited("]", &[","], Self::expr)?))
            }
            Tok::Punct("{") => {
                self.pos += 1;
                Some(Expr::Object(self.delimited("}", &[","], Self::prop)?))
            }
            _ => None,
        }
    }

    fn prop(&mut self) -> P<Prop> {
        if self.eat("...") {
            return Some(Prop::Spread(self.expr()?));
        }
        let key = self.key()?;
        if self.eat(":") {
            Some(Prop::Pair(key, self.expr()?))
        } else {
            Some(Prop::Short(key))
        }
    }

    fn key(&mut self) -> P<String> {
        match self.peek()? {
            Tok::Word(w) if *w == OPEN => None,
            Tok::Word(w) | Tok::Lit(w) => {
                self.pos += 1;
                Some(w.to_string())
            }
            Tok::Punct("[") => {
                self.pos += 1;
                let Some(Tok::Lit(l) | Tok::Word(l)) = self.peek() else {
                    return None;
                };
                self.pos += 1;
                self.expect("]")?;
                Some(format!("[{l}]"))
            }
            _ => None,
        }
    }

    /// Parameters after `(`, through `)`.
    fn params(&mut self) -> P<Vec<Param>> {
        self.delimited(")", &[","], Self::param)
    }

    /// One parameter: `...name?: type = default`, each part but the name optional.
    fn param(&mut self) -> P<Param> {
        let mut name = String::new();
        if self.eat("...") {
            name.push_str("...");
        }
        name.push_str(&self.word()?);
        if self.eat("?") {
            name.push('?');
        }
        let ty = if self.eat(":") {
            Some(self.ty()?)
        } else {
            None
        };
        let default = if self.eat("=") {
            Some(self.expr()?)
        } else {
            None
        };
        Some(Param { name, ty, default })
    }

    // ---- types ----

    fn ty(&mut self) -> P<Type> {
        self.eat("|");
        let first = self.intersection()?;
        if !self.is("|") {
            return Some(first);
        }
        let mut types = vec![first];
        while self.eat("|") {
            types.push(self.intersection()?);
        }
        Some(Type::Union(types))
    }

    fn intersection(&mut self) -> P<Type> {
        let first = self.postfix_type()?;
        if !self.is("&") {
            return Some(first);
        }
        let mut types = vec![first];
        while self.eat("&") {
            types.push(self.postfix_type()?);
        }
        Some(Type::Intersection(types))
    }

    fn postfix_type(&mut self) -> P<Type> {
        for p in ["readonly", "keyof", "typeof", "unique"] {
            if self.is_word(p)
                && matches!(
                    self.peek_at(1),
                    Some(Tok::Word(_) | Tok::Punct("(" | "[" | "{"))
                )
            {
                self.pos += 1;
                let p: &'static str = match p {
                    "readonly" => "readonly ",
                    "keyof" => "keyof ",
                    "typeof" => "typeof ",
                    _ => "unique ",
                };
                let t = self.postfix_type()?;
                return Some(Type::Prefix(p, Box::new(t)));
            }
        }
        let mut t = self.primary_type()?;
        while self.is("[") {
            self.pos += 1;
            if self.eat("]") {
                t = Type::Array(Box::new(t));
            } else {
                let i = self.ty()?;
                self.expect("]")?;
                t = Type::Indexed(Box::new(t), Box::new(i));
            }
        }
        Some(t)
    }

    fn primary_type(&mut self) -> P<Type> {
        match self.peek()? {
            Tok::Word(w) if *w == OPEN => None,
            Tok::Lit(l) => {
                self.pos += 1;
                Some(Type::Name(l.to_string()))
            }
            Tok::Punct("-") => {
                self.pos += 1;
                let Tok::Lit(l) = self.peek()? else {
                    return None;
                };
                self.pos += 1;
                Some(Type::Name(format!("-{l}")))
            }
            Tok::Word(_) => {
                let mut name = self.word()?;
                while self.is(".") {
                    self.pos += 1;
                    name.push('.');
                    name.push_str(&self.word()?);
                }
                if self.eat("<") {
                    let mut args = Vec::new();
                    loop {
                        args.push(self.ty()?);
                        if self.eat(">") {
                            break;
                        }
                        self.expect(",")?;
                    }
                    Some(Type::Generic(name, args))
                } else {
                    Some(Type::Name(name))
                }
            }
            Tok::Punct("(") => {
                let save = self.pos;
                self.pos += 1;
                if let Some(params) = self.params() {
                    if self.eat("=>") {
                        let ret = self.ty()?;
                        return Some(Type::Function(params, Box::new(ret)));
                    }
                }
                self.pos = save + 1;
                let t = self.ty()?;
                self.expect(")")?;
                Some(Type::Paren(Box::new(t)))
            }
            Tok::Punct("[") => {
                self.pos += 1;
                Some(Type::Tuple(self.delimited("]", &[","], Self::ty)?))
            }
            Tok::Punct("{") => {
                self.pos += 1;
                Some(Type::Object(self.delimited(
                    "}",
                    &[";", ","],
                    Self::member,
                )?))
            }
            _ => None,
        }
    }

    fn member(&mut self) -> P<Member> {
        let mut head = String::new();
        if self.is_word("readonly") && !matches!(self.peek_at(1), Some(Tok::Punct(":" | "?"))) {
            self.pos += 1;
            head.push_str("readonly ");
        }
        if self.eat("[") {
            let name = self.word()?;
            self.expect(":")?;
            let ty = self.ty()?;
            self.expect("]")?;
            self.expect(":")?;
            let value = self.ty()?;
            return Some(Member::Index(
                head,
                Param {
                    name,
                    ty: Some(ty),
                    default: None,
                },
                value,
            ));
        }
        head.push_str(&self.key()?);
        if self.eat("?") {
            head.push('?');
        }
        self.expect(":")?;
        Some(Member::Property(head, self.ty()?))
    }
}

/// Stands for the `{` that ends a line opening an object literal or a block whose lines
/// follow (`f(a, {`, `x = {`, `(a) => {`): an object that breaks, printed as `{` and this mark,
/// where [`super::layout`] cuts the text.
pub(crate) const OPEN: &str = "\u{1}{";

/// Parses one line of code (without its indentation).
pub(crate) fn parse_line(src: &str) -> Option<Line> {
    let toks = tokenize(src)?;
    if let Some(line) = parse_all(&toks) {
        return Some(line);
    }
    // A line that opens an object or block: close it (and what encloses it) for the parser.
    let (last, init) = toks.split_last()?;
    if *last != Tok::Punct("{") {
        return None;
    }
    let mut stack = Vec::new();
    for t in init {
        match t {
            Tok::Punct(o @ ("(" | "[" | "{")) => stack.push(*o),
            Tok::Punct(")" | "]" | "}") => {
                stack.pop()?;
            }
            _ => {}
        }
    }
    let mut closed = init.to_vec();
    closed.push(Tok::Word(OPEN));
    for open in stack.iter().rev() {
        closed.push(Tok::Punct(match *open {
            "(" => ")",
            "[" => "]",
            _ => "}",
        }));
    }
    for end in [";", ","] {
        let mut with_end = closed.clone();
        with_end.push(Tok::Punct(end));
        if let Some(line) = parse_all(&with_end) {
            return Some(line);
        }
    }
    None
}

fn parse_all<'t>(toks: &'t [Tok<'t>]) -> Option<Line> {
    let mut p = Parser { toks, pos: 0 };
    let line = parse_tokens(&mut p)?;
    p.done().then_some(line)
}

/// The punctuation that ends a line from token `from` on (`{`, `;`, `,`), or `None` when
/// anything else follows.
fn rest_text(p: &Parser<'_>, from: usize) -> Option<String> {
    let mut s = String::new();
    for t in &p.toks[from..] {
        match t {
            Tok::Punct(q) => s.push_str(q),
            _ => return None,
        }
    }
    Some(s)
}

fn parse_tokens(p: &mut Parser<'_>) -> Option<Line> {
    let first = p.peek()?.clone();
    let last = p.toks.last()?.clone();
    // Import and export lists.
    if matches!(&first, Tok::Word(w) if *w == "import" || *w == "export") {
        if let Some(open) = p.toks.iter().position(|t| *t == Tok::Punct("{")) {
            let head_ok = p.toks[..open].iter().all(
                |t| matches!(t, Tok::Word(w) if *w == "import" || *w == "export" || *w == "type"),
            );
            if head_ok {
                let head = p.toks[..open]
                    .iter()
                    .map(|t| match t {
                        Tok::Word(w) => *w,
                        _ => "",
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                p.pos = open + 1;
                let mut names = Vec::new();
                while !p.eat("}") {
                    let mut name = p.word()?;
                    while let Some(Tok::Word(w)) = p.peek() {
                        name.push(' ');
                        name.push_str(w);
                        p.pos += 1;
                    }
                    names.push(name);
                    if !p.eat(",") {
                        p.expect("}")?;
                        break;
                    }
                }
                let mut tail = String::new();
                if p.eat_word("from") {
                    let Tok::Lit(l) = p.peek()? else {
                        return None;
                    };
                    p.pos += 1;
                    tail = format!(" from {l}");
                }
                p.expect(";")?;
                tail.push(';');
                return Some(Line::Specifiers(head, names, tail));
            }
        }
    }
    let ends_block = last == Tok::Punct("{");
    // `if (…) {`, `} else if (…) {`, `while (…) {`.
    {
        let save = p.pos;
        let mut head = String::new();
        if p.eat("}") {
            if !p.eat_word("else") {
                p.pos = save;
            } else {
                head.push_str("} else ");
            }
        }
        if p.pos != save || p.pos == 0 {
            for kw in ["if", "while"] {
                if p.is_word(kw) && p.peek_at(1) == Some(&Tok::Punct("(")) && ends_block {
                    p.pos += 2;
                    let c = p.expr()?;
                    p.expect(")")?;
                    p.expect("{")?;
                    head.push_str(kw);
                    return Some(Line::Condition(head, c, " {".into()));
                }
            }
        }
        p.pos = save;
    }
    if let Tok::Word(w) = &first {
        if *w == "return" || *w == "throw" {
            p.pos += 1;
            let e = p.expr()?;
            p.expect(";")?;
            return Some(Line::Return(
                if *w == "return" { "return" } else { "throw" },
                e,
            ));
        }
    }
    // Function and method headers.
    if ends_block || last == Tok::Punct(";") {
        let save = p.pos;
        if let Some(open) = p.toks.iter().position(|t| *t == Tok::Punct("(")) {
            let mut ok = open > 0;
            for (i, t) in p.toks[..open].iter().enumerate() {
                match t {
                    Tok::Word(w)
                        if *w == "function"
                            || i + 1 == open
                            || matches!(
                                *w,
                                "export"
                                    | "async"
                                    | "static"
                                    | "private"
                                    | "public"
                                    | "protected"
                                    | "get"
                                    | "set"
                                    | "declare"
                                    | "override"
                                    | "abstract"
                            ) => {}
                    _ => ok = false,
                }
            }
            if ok
                && !matches!(&p.toks[open - 1], Tok::Word(w) if matches!(*w, "if" | "while" | "for" | "switch" | "return" | "catch"))
            {
                let head = p.toks[..open]
                    .iter()
                    .map(|t| match t {
                        Tok::Word(w) => *w,
                        _ => "",
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                p.pos = open + 1;
                if let Some(params) = p.params() {
                    let ret = if p.eat(":") { p.ty() } else { None };
                    let end = rest_text(p, p.pos);
                    if let Some(end) = end {
                        if end == "{" || end == "{}" || end == ";" {
                            p.pos = p.toks.len();
                            let end = if end == ";" { end } else { format!(" {end}") };
                            return Some(Line::Function(head, params, ret, end));
                        }
                    }
                }
            }
        }
        p.pos = save;
    }
    // Declarations and assignments.
    let save = p.pos;
    if let Some(line) = parse_assign(p) {
        return Some(line);
    }
    p.pos = save;
    let e = p.expr()?;
    let end = rest_text(p, p.pos)?;
    if end != ";" && end != "," {
        return None;
    }
    p.pos = p.toks.len();
    Some(Line::Expression(e, end))
}

fn parse_assign(p: &mut Parser<'_>) -> Option<Line> {
    let mut left = String::new();
    let mut decl = false;
    let mut is_type = false;
    loop {
        match p.peek()? {
            Tok::Word(w)
                if matches!(
                    *w,
                    "export"
                        | "declare"
                        | "readonly"
                        | "static"
                        | "override"
                        | "private"
                        | "public"
                        | "protected"
                ) && matches!(p.peek_at(1), Some(Tok::Word(_))) =>
            {
                left.push_str(w);
                left.push(' ');
                p.pos += 1;
            }
            Tok::Word(w) if matches!(*w, "const" | "let" | "var") => {
                left.push_str(w);
                left.push(' ');
                p.pos += 1;
                decl = true;
            }
            Tok::Word(w) if *w == "type" && matches!(p.peek_at(1), Some(Tok::Word(_))) => {
                left.push_str("type ");
                p.pos += 1;
                is_type = true;
            }
            _ => break,
        }
    }
    let starts_plain = left.is_empty();
    if starts_plain && !p.is_word("this") && matches!(p.peek_at(1), Some(Tok::Punct(":" | "?"))) {
        // A property or a member: handled below.
    } else if starts_plain {
        let save = p.pos;
        if let Some(target) = p.postfix() {
            if p.eat("=") {
                let v = p.expr()?;
                p.expect(";")?;
                return Some(Line::Assign(Assign {
                    left: String::new(),
                    left_type: None,
                    op: "=",
                    right: Value::Expr(v),
                    end: ";".into(),
                    property: false,
                    target: Some(target),
                }));
            }
        }
        p.pos = save;
    }
    // The target: a name, a member chain, or a property key.
    let key = p.key()?;
    left.push_str(&key);
    if starts_plain {
        while p.is(".") || p.is("[") {
            if p.eat(".") {
                left.push('.');
                left.push_str(&p.word()?);
            } else {
                p.pos += 1;
                let Tok::Lit(l) = p.peek()? else {
                    return None;
                };
                left.push('[');
                left.push_str(l);
                left.push(']');
                p.pos += 1;
                p.expect("]")?;
            }
        }
    }
    let mut optional = false;
    if p.eat("?") {
        optional = true;
        left.push('?');
    }
    if is_type {
        p.expect("=")?;
        let t = p.ty()?;
        p.expect(";")?;
        return Some(Line::Assign(Assign {
            left,
            left_type: None,
            op: "=",
            right: Value::Type(t),
            end: ";".into(),
            property: false,
            target: None,
        }));
    }
    if p.eat(":") {
        // `name: T` in a declaration, class or interface; `key: value,` in an object literal.
        let last = p.toks.last()?;
        if !decl && *last == Tok::Punct(",") && !optional {
            let v = p.expr()?;
            p.expect(",")?;
            return Some(Line::Assign(Assign {
                left,
                left_type: None,
                op: ":",
                right: Value::Expr(v),
                end: ",".into(),
                property: true,
                target: None,
            }));
        }
        let t = p.ty()?;
        if p.eat("=") {
            let v = p.expr()?;
            p.expect(";")?;
            return Some(Line::Assign(Assign {
                left,
                left_type: Some(t),
                op: "=",
                right: Value::Expr(v),
                end: ";".into(),
                property: false,
                target: None,
            }));
        }
        p.expect(";")?;
        return Some(Line::Field(left, t, ";".into()));
    }
    if p.eat("=") {
        let v = p.expr()?;
        p.expect(";")?;
        return Some(Line::Assign(Assign {
            left,
            left_type: None,
            op: "=",
            right: Value::Expr(v),
            end: ";".into(),
            property: false,
            target: None,
        }));
    }
    None
}
