//! 最新优先 newest first on PostgreSQL. Its GIN index yields every match of a query unordered,
//! so "the newest 1,000 orders containing these words" fetched and sorted all of them: 67,530
//! rows, 250 ms, for 承办法官 电话 at 1 M orders. Each index row therefore also carries the range
//! of order ids it falls in, at four widths, and a search asks first for matches among the
//! newest ranges of the narrowest width, widening until it has enough or has covered every
//! order. A range's list of rows is short, and the index walks the words' long lists only
//! where they meet it, so a round costs what its ranges hold, not what the words match.
//!
//! A range lexeme is a prefix, `r`, the width as a shift of the id, and the range: `#r11_488`
//! for every order with `id >> 11 == 488`, and the same with each of the order's scope lexemes
//! as the prefix (`#h18r11_488`), because a query asking for a scope lexeme and a range lexeme
//! separately was as slow as without ranges (the index walked the scope's list first).
//! SQLite needs none of this: FTS5 walks its matches by rowid, newest first.

/// The widths of the ranges, as shifts of the order id: 2,048 to 131,072 orders, each four
/// times the last, so a round reads at most about four times the matches it needs.
const SHIFTS: [u32; 4] = [11, 13, 15, 17];

/// The range lexemes of an order, one per width for each prefix (the bare mark, and each of
/// the order's scope lexemes).
pub(super) fn tokens(order_id: i64, prefixes: &[String]) -> Vec<String> {
    SHIFTS
        .iter()
        .flat_map(|shift| {
            prefixes
                .iter()
                .map(move |prefix| format!("{prefix}r{shift}_{}", order_id >> shift))
        })
        .collect()
}

/// One round of a search: matches must carry one of these lexemes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Window {
    pub lexemes: Vec<String>,
    /// How many order ids the window spans.
    pub span: i64,
    /// The window holds every order up to the newest (nothing older exists).
    pub complete: bool,
}

/// After a round found `found` matches in `window`: the next window worth asking, the first
/// wider one where matches as dense would be as many as `wanted` — or none (ask the whole index),
/// which is also the answer when the round found nothing to judge the density by.
pub(super) fn next_after<'w>(
    windows: &'w [Window],
    window: &Window,
    found: usize,
    wanted: usize,
) -> Option<&'w Window> {
    let density = found as f64 / window.span.max(1) as f64;
    windows
        .iter()
        .find(|next| next.span > window.span && density * next.span as f64 >= wanted as f64)
}

/// The rounds for an index whose newest order is `newest`, narrowest first, for a reader whose
/// scope accepts any of `prefixes` (the bare mark for every order): at each width the newest
/// two ranges, so that the window holds at least one whole range of orders even when the
/// newest range has only just begun.
pub(super) fn windows(newest: i64, prefixes: &[String]) -> Vec<Window> {
    SHIFTS
        .iter()
        .map(|shift| {
            let top = newest >> shift;
            let ranges = [top, top - 1].into_iter().filter(|range| *range >= 0);
            let start = ((top - 1).max(0)) << shift;
            Window {
                span: newest - start + 1,
                lexemes: ranges
                    .flat_map(|range| {
                        prefixes
                            .iter()
                            .map(move |prefix| format!("{prefix}r{shift}_{range}"))
                    })
                    .collect(),
                complete: top <= 1,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn an_order_lies_in_the_windows_of_its_scope() {
        let newest = 1_000_320;
        let order = tokens(newest, &prefixes(&["#", "#c2", "#h18"]));
        for scope in [&["#"][..], &["#h18"], &["#c1", "#c2"]] {
            for window in windows(newest, &prefixes(scope)) {
                assert!(window.lexemes.iter().any(|l| order.contains(l)));
                assert!(!window.complete);
            }
        }
        for window in windows(newest, &prefixes(&["#h17"])) {
            assert!(!window.lexemes.iter().any(|l| order.contains(l)));
        }
    }

    #[test]
    fn the_narrowest_window_is_the_newest_two_ranges() {
        let newest = 1_000_320;
        let narrow = &windows(newest, &prefixes(&["#"]))[0];
        let start = ((newest >> 11) - 1) << 11;
        let covered = |id: i64| {
            tokens(id, &prefixes(&["#"]))
                .iter()
                .any(|t| narrow.lexemes.contains(t))
        };
        assert!(covered(start));
        assert!(!covered(start - 1));
    }

    #[test]
    fn a_sparse_round_skips_to_the_window_that_should_hold_enough() {
        let all = windows(1_000_320, &prefixes(&["#"]));
        assert_eq!(all[0].span, 1_000_320 - 997_376 + 1);
        // 700 of 1,000 wanted in the first window (2,945 ids): the second (9,089) should hold
        // as many as wanted; 300: only the third (50,049) should.
        assert_eq!(next_after(&all, &all[0], 700, 1_000), Some(&all[1]));
        assert_eq!(next_after(&all, &all[0], 300, 1_000), Some(&all[2]));
        // 30: the fourth (213,889).
        assert_eq!(next_after(&all, &all[0], 30, 1_000), Some(&all[3]));
        // 3, or none: no window is wide enough; ask the whole index.
        assert_eq!(next_after(&all, &all[0], 3, 1_000), None);
        assert_eq!(next_after(&all, &all[0], 0, 1_000), None);
    }

    #[test]
    fn a_small_index_is_covered_by_its_first_window() {
        let first = &windows(3_000, &prefixes(&["#"]))[0];
        assert!(first.complete);
        assert_eq!(first.lexemes, vec!["#r11_1", "#r11_0"]);
        assert!(windows(0, &prefixes(&["#"]))[0].complete);
    }
}
