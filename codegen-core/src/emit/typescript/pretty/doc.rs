//! The document model prettier prints with, and its line-fitting printer (prettier's
//! `printDocToString`): text, lines that are a space or a newline, groups that break when they
//! do not fit in what is left of the line, indentation, and text that depends on whether a group
//! broke (the trailing comma).

use super::width::string_width;
use std::borrow::Cow;

/// A document: what is printed, with the places where a line may break.
#[derive(Debug, Clone)]
pub(crate) enum Doc {
    /// Text without newlines.
    Text(Cow<'static, str>),
    /// Documents one after the other.
    Concat(Vec<Doc>),
    /// Printed on one line when it fits, broken otherwise.
    Group(Box<Group>),
    /// The contents, one level (two spaces) further in after a break.
    Indent(Box<Doc>),
    /// The contents, `n` spaces further in after a break.
    Align(usize, Box<Doc>),
    /// Indented when the group with this id broke.
    IndentIfBreak(usize, Box<Doc>),
    /// A space (or nothing, when soft) in a flat group, a newline in a broken one.
    Line { soft: bool },
    /// `broken` when the group (the enclosing one, or the one with this id) broke, else `flat`.
    IfBreak {
        group: Option<usize>,
        broken: Box<Doc>,
        flat: Box<Doc>,
    },
    /// Breaks every enclosing group (up to a group with alternatives).
    BreakParent,
}

/// A group.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub id: Option<usize>,
    pub should_break: bool,
    pub contents: Doc,
    /// A conditional group's alternatives to `contents`, tried in order.
    pub states: Vec<Doc>,
}

pub(crate) fn text(s: impl Into<Cow<'static, str>>) -> Doc {
    Doc::Text(s.into())
}

pub(crate) fn concat(parts: Vec<Doc>) -> Doc {
    Doc::Concat(parts)
}

pub(crate) fn group(contents: Doc) -> Doc {
    group_with(contents, false, None)
}

pub(crate) fn group_with(contents: Doc, should_break: bool, id: Option<usize>) -> Doc {
    Doc::Group(Box::new(Group {
        id,
        should_break,
        contents,
        states: Vec::new(),
    }))
}

/// prettier's `conditionalGroup`: the first state that fits, else the last one broken.
pub(crate) fn conditional_group(mut states: Vec<Doc>) -> Doc {
    let contents = states.remove(0);
    Doc::Group(Box::new(Group {
        id: None,
        should_break: false,
        contents,
        states,
    }))
}

pub(crate) fn indent(contents: Doc) -> Doc {
    Doc::Indent(Box::new(contents))
}

pub(crate) fn align(n: usize, contents: Doc) -> Doc {
    Doc::Align(n, Box::new(contents))
}

pub(crate) fn line() -> Doc {
    Doc::Line { soft: false }
}

pub(crate) fn softline() -> Doc {
    Doc::Line { soft: true }
}

pub(crate) fn if_break(broken: Doc, flat: Doc) -> Doc {
    Doc::IfBreak {
        group: None,
        broken: Box::new(broken),
        flat: Box::new(flat),
    }
}

/// `items` with `separator` between them.
pub(crate) fn join(separator: Doc, items: Vec<Doc>) -> Doc {
    let mut parts = Vec::with_capacity(items.len() * 2);
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            parts.push(separator.clone());
        }
        parts.push(item);
    }
    Doc::Concat(parts)
}

/// Whether the document can print a newline (prettier's `canBreak`).
pub(crate) fn can_break(doc: &Doc) -> bool {
    match doc {
        Doc::Text(_) => false,
        Doc::Concat(parts) => parts.iter().any(can_break),
        Doc::Group(g) => can_break(&g.contents) || g.states.iter().any(can_break),
        Doc::Indent(d) | Doc::Align(_, d) | Doc::IndentIfBreak(_, d) => can_break(d),
        Doc::Line { .. } => true,
        Doc::IfBreak { broken, flat, .. } => can_break(broken) || can_break(flat),
        Doc::BreakParent => false,
    }
}

/// Whether the document is certain to break (prettier's `willBreak`).
pub(crate) fn will_break(doc: &Doc) -> bool {
    match doc {
        Doc::Text(_) | Doc::Line { .. } => false,
        Doc::Concat(parts) => parts.iter().any(will_break),
        Doc::Group(g) => g.should_break || will_break(&g.contents),
        Doc::Indent(d) | Doc::Align(_, d) | Doc::IndentIfBreak(_, d) => will_break(d),
        Doc::IfBreak { broken, flat, .. } => will_break(broken) || will_break(flat),
        Doc::BreakParent => true,
    }
}

/// prettier's `propagateBreaks`: a group holding a forced break breaks, and so does every group
/// around it, up to a conditional group. Returns whether `doc` holds a break to propagate.
fn propagate_breaks(doc: &mut Doc) -> bool {
    match doc {
        Doc::Text(_) | Doc::Line { .. } => false,
        Doc::BreakParent => true,
        Doc::Concat(parts) => {
            let mut any = false;
            for p in parts {
                any |= propagate_breaks(p);
            }
            any
        }
        Doc::Indent(d) | Doc::Align(_, d) | Doc::IndentIfBreak(_, d) => propagate_breaks(d),
        Doc::IfBreak { broken, flat, .. } => {
            let a = propagate_breaks(broken);
            let b = propagate_breaks(flat);
            a || b
        }
        Doc::Group(g) => {
            let mut inner = propagate_breaks(&mut g.contents);
            for s in &mut g.states {
                inner |= propagate_breaks(s);
            }
            // A conditional group chooses for itself: a break inside does not force it.
            if g.states.is_empty() && inner {
                g.should_break = true;
            }
            g.should_break
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Break,
    Flat,
}

#[derive(Clone)]
struct Cmd<'d> {
    indent: usize,
    mode: Mode,
    doc: &'d Doc,
}

/// Prints `doc` starting at column `start` (the line's indentation, already written by the
/// caller), with `indent` columns of indentation for the lines it breaks into.
pub(crate) fn print(mut doc: Doc, width: usize, indent: usize, start: usize) -> String {
    propagate_breaks(&mut doc);
    let mut out = String::with_capacity(256);
    let mut pos = start;
    let mut group_modes: Vec<Option<Mode>> = Vec::new();
    // The stack `fits` works on, allocated once.
    let mut scratch: Vec<(Mode, &Doc)> = Vec::with_capacity(64);
    let mut cmds: Vec<Cmd<'_>> = Vec::with_capacity(64);
    cmds.push(Cmd {
        indent,
        mode: Mode::Break,
        doc: &doc,
    });
    while let Some(Cmd { indent, mode, doc }) = cmds.pop() {
        match doc {
            Doc::Text(s) => {
                out.push_str(s);
                pos += string_width(s);
            }
            Doc::Concat(parts) => {
                for p in parts.iter().rev() {
                    cmds.push(Cmd {
                        indent,
                        mode,
                        doc: p,
                    });
                }
            }
            Doc::Indent(d) => cmds.push(Cmd {
                indent: indent + 2,
                mode,
                doc: d,
            }),
            Doc::Align(n, d) => cmds.push(Cmd {
                indent: indent + n,
                mode,
                doc: d,
            }),
            Doc::IndentIfBreak(id, d) => {
                let broke = group_modes.get(*id).copied().flatten() == Some(Mode::Break);
                cmds.push(Cmd {
                    indent: if broke { indent + 2 } else { indent },
                    mode,
                    doc: d,
                });
            }
            Doc::BreakParent => {}
            Doc::IfBreak {
                group: id,
                broken,
                flat,
            } => {
                let m = match id {
                    Some(id) => group_modes
                        .get(*id)
                        .copied()
                        .flatten()
                        .unwrap_or(Mode::Flat),
                    None => mode,
                };
                cmds.push(Cmd {
                    indent,
                    mode,
                    doc: if m == Mode::Break { broken } else { flat },
                });
            }
            Doc::Line { soft } => {
                if mode == Mode::Flat {
                    if !soft {
                        out.push(' ');
                        pos += 1;
                    }
                } else {
                    while out.ends_with(' ') {
                        out.pop();
                    }
                    out.push('\n');
                    for _ in 0..indent {
                        out.push(' ');
                    }
                    pos = indent;
                }
            }
            Doc::Group(g) => {
                let chosen_mode = match mode {
                    Mode::Flat => {
                        cmds.push(Cmd {
                            indent,
                            mode: if g.should_break {
                                Mode::Break
                            } else {
                                Mode::Flat
                            },
                            doc: &g.contents,
                        });
                        if g.should_break {
                            Mode::Break
                        } else {
                            Mode::Flat
                        }
                    }
                    Mode::Break => {
                        let rem = width as isize - pos as isize;
                        let next = Cmd {
                            indent,
                            mode: Mode::Flat,
                            doc: &g.contents,
                        };
                        if !g.should_break
                            && fits(&next, &cmds, rem, &group_modes, false, &mut scratch)
                        {
                            cmds.push(next);
                            Mode::Flat
                        } else if !g.states.is_empty() {
                            let most = g.states.last().expect("states");
                            if g.should_break {
                                cmds.push(Cmd {
                                    indent,
                                    mode: Mode::Break,
                                    doc: most,
                                });
                                Mode::Break
                            } else {
                                let mut chosen = None;
                                for state in &g.states {
                                    let cmd = Cmd {
                                        indent,
                                        mode: Mode::Flat,
                                        doc: state,
                                    };
                                    if fits(&cmd, &cmds, rem, &group_modes, false, &mut scratch) {
                                        chosen = Some(cmd);
                                        break;
                                    }
                                }
                                match chosen {
                                    Some(cmd) => {
                                        cmds.push(cmd);
                                        Mode::Flat
                                    }
                                    None => {
                                        cmds.push(Cmd {
                                            indent,
                                            mode: Mode::Break,
                                            doc: most,
                                        });
                                        Mode::Break
                                    }
                                }
                            }
                        } else {
                            cmds.push(Cmd {
                                indent,
                                mode: Mode::Break,
                                doc: &g.contents,
                            });
                            Mode::Break
                        }
                    }
                };
                if let Some(id) = g.id {
                    if group_modes.len() <= id {
                        group_modes.resize(id + 1, None);
                    }
                    group_modes[id] = Some(chosen_mode);
                }
            }
        }
    }
    out
}

/// prettier's `fits`: whether `next` in flat mode, followed by the rest of the commands up to
/// their first possible line break, fits in `width` columns.
fn fits<'d>(
    next: &Cmd<'d>,
    rest: &[Cmd<'d>],
    mut width: isize,
    group_modes: &[Option<Mode>],
    must_be_flat: bool,
    cmds: &mut Vec<(Mode, &'d Doc)>,
) -> bool {
    let mut rest_idx = rest.len();
    cmds.clear();
    cmds.push((next.mode, next.doc));
    while width >= 0 {
        let Some((mode, doc)) = cmds.pop() else {
            if rest_idx == 0 {
                return true;
            }
            rest_idx -= 1;
            cmds.push((rest[rest_idx].mode, rest[rest_idx].doc));
            continue;
        };
        match doc {
            Doc::Text(s) => width -= string_width(s) as isize,
            Doc::Concat(parts) => {
                for p in parts.iter().rev() {
                    cmds.push((mode, p));
                }
            }
            Doc::Indent(d) | Doc::Align(_, d) | Doc::IndentIfBreak(_, d) => cmds.push((mode, d)),
            Doc::BreakParent => {}
            Doc::Group(g) => {
                if must_be_flat && g.should_break {
                    return false;
                }
                let m = if g.should_break { Mode::Break } else { mode };
                let contents = if !g.states.is_empty() && m == Mode::Break {
                    g.states.last().expect("states")
                } else {
                    &g.contents
                };
                cmds.push((m, contents));
            }
            Doc::IfBreak {
                group: id,
                broken,
                flat,
            } => {
                let m = match id {
                    Some(id) => group_modes
                        .get(*id)
                        .copied()
                        .flatten()
                        .unwrap_or(Mode::Flat),
                    None => mode,
                };
                cmds.push((mode, if m == Mode::Break { broken } else { flat }));
            }
            Doc::Line { soft } => {
                if mode == Mode::Break {
                    return true;
                }
                if !soft {
                    width -= 1;
                }
            }
        }
    }
    false
}
