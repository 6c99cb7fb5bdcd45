//! Field views (字段视图): a training text of several fields (a message's subject and its
//! detail) also trains as each field alone. Both fields name the matter, each in its own words;
//! seen only together, the model leans on whichever field separates the training texts best
//! and ignores what the other says. Seen apart, every field must carry the label by itself, so
//! a text whose telling field is vague is still classified by the other. Only training sees
//! the views; a text is always classified whole.

use crate::features::Vectorizer;
use crate::sparse::SparseVec;

/// The feature range of each text field (a field's blocks are numbered together).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldSpans(Vec<(u32, u32)>);

impl FieldSpans {
    /// The spans of the vectoriser's fields, in field order.
    pub(crate) fn of(vectorizer: &Vectorizer) -> FieldSpans {
        let mut spans: Vec<(usize, u32, u32)> = Vec::new();
        for (b, (start, end, _)) in vectorizer.blocks.iter().zip(vectorizer.block_ranges()) {
            match spans.last_mut() {
                Some((field, _, last)) if *field == b.spec.field => *last = end,
                _ => spans.push((b.spec.field, start, end)),
            }
        }
        FieldSpans(spans.into_iter().map(|(_, s, e)| (s, e)).collect())
    }

    /// The texts followed by each text's single-field views (a field that is empty in a text
    /// gives no view), with their labels. One field: the texts as they are.
    pub(crate) fn with_views(
        &self,
        mut x: Vec<SparseVec>,
        mut y: Vec<usize>,
    ) -> (Vec<SparseVec>, Vec<usize>) {
        if self.0.len() < 2 {
            return (x, y);
        }
        let n = x.len();
        for i in 0..n {
            for &(start, end) in &self.0 {
                let pairs: Vec<(u32, f32)> = x[i]
                    .iter()
                    .filter(|(j, _)| (start..end).contains(j))
                    .collect();
                if !pairs.is_empty() {
                    x.push(SparseVec::from_pairs(pairs));
                    y.push(y[i]);
                }
            }
        }
        (x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_non_empty_field_becomes_a_view_with_the_text_label() {
        let spans = FieldSpans(vec![(0, 3), (3, 5)]);
        let both = SparseVec::from_pairs(vec![(0, 0.5), (2, 0.5), (4, 1.0)]);
        let first_only = SparseVec::from_pairs(vec![(1, 1.0)]);
        let (x, y) = spans.with_views(vec![both.clone(), first_only.clone()], vec![7, 9]);
        assert_eq!(y, vec![7, 9, 7, 7, 9]);
        assert_eq!(x[0], both);
        assert_eq!(x[1], first_only);
        assert_eq!(x[2], SparseVec::from_pairs(vec![(0, 0.5), (2, 0.5)]));
        assert_eq!(x[3], SparseVec::from_pairs(vec![(4, 1.0)]));
        assert_eq!(x[4], first_only);
    }

    #[test]
    fn one_field_trains_as_it_is() {
        let spans = FieldSpans(vec![(0, 5)]);
        let v = SparseVec::from_pairs(vec![(1, 1.0)]);
        let (x, y) = spans.with_views(vec![v.clone()], vec![3]);
        assert_eq!((x, y), (vec![v], vec![3]));
    }
}
