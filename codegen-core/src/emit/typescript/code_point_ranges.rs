//! Membership in a sorted table of inclusive code point ranges, the shape of the Unicode
//! tables the TypeScript layout copies from prettier (identifier characters, wide characters).

/// True when `cp` lies in one of `ranges`, which are sorted and do not overlap.
pub(crate) fn contains(ranges: &[(u32, u32)], cp: u32) -> bool {
    ranges
        .binary_search_by(|&(lo, hi)| {
            if hi < cp {
                std::cmp::Ordering::Less
            } else if lo > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}
