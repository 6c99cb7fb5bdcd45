//! Chi-squared feature selection (卡方特征选择): keeps the features most associated with the
//! labels, so that a small training set is not fitted to n-grams that carry no class signal.

use crate::sparse::SparseVec;

/// A feature block's range `start..end` and its weight (its L2 norm in a vector).
pub(crate) type BlockRange = (u32, u32, f32);

/// Marks the `fraction` of features (at least one) with the highest chi-squared statistic of
/// their summed values against the labels (as scikit-learn's `chi2` on TF-IDF values).
pub(crate) fn top_features(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    dim: usize,
    fraction: f32,
) -> Vec<bool> {
    let mut observed = vec![0.0f64; dim * k];
    let mut total = vec![0.0f64; dim];
    let mut class_n = vec![0.0f64; k];
    for (v, &c) in x.iter().zip(y) {
        class_n[c] += 1.0;
        for (j, a) in v.iter() {
            observed[j as usize * k + c] += f64::from(a);
            total[j as usize] += f64::from(a);
        }
    }
    let n = x.len().max(1) as f64;
    let score: Vec<f64> = (0..dim)
        .map(|j| {
            (0..k)
                .map(|c| {
                    let e = total[j] * class_n[c] / n;
                    if e > 0.0 {
                        (observed[j * k + c] - e).powi(2) / e
                    } else {
                        0.0
                    }
                })
                .sum()
        })
        .collect();
    let want = ((dim as f32 * fraction).ceil() as usize).clamp(1, dim.max(1));
    let mut order: Vec<usize> = (0..dim).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let mut keep = vec![false; dim];
    for &j in order.iter().take(want) {
        keep[j] = true;
    }
    keep
}

/// The vector restricted to the kept features, each block normalised again to its weight: the
/// same vector as transforming with a vectoriser reduced by `Vectorizer::retain(keep)` (but
/// with the original feature numbers).
pub(crate) fn restrict(v: &SparseVec, keep: &[bool], blocks: &[BlockRange]) -> SparseVec {
    let mut out = SparseVec::default();
    for &(start, end, weight) in blocks {
        let from = out.indices.len();
        for (j, a) in v.iter() {
            if j >= start && j < end && keep[j as usize] {
                out.indices.push(j);
                out.values.push(a);
            }
        }
        out.normalize_tail(from, weight);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_features_that_tell_classes_apart() {
        // Feature 0 only in class 0, feature 1 only in class 1, feature 2 everywhere alike.
        let x: Vec<SparseVec> = (0..10)
            .map(|i| SparseVec::from_pairs(vec![((i % 2) as u32, 1.0), (2, 1.0)]))
            .collect();
        let y: Vec<usize> = (0..10).map(|i| i % 2).collect();
        let keep = top_features(&x, &y, 2, 3, 0.5);
        assert_eq!(keep, vec![true, true, false]);
        let r = restrict(&x[0], &keep, &[(0, 3, 1.0)]);
        assert_eq!(r.indices, vec![0]);
        assert!((r.norm_sq() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn restricting_equals_transforming_with_the_reduced_vectoriser() {
        // The inner cross-validation restricts vectors; the final model prunes its vocabulary.
        // Both must give the same vectors, or the selection would judge another model.
        use crate::features::{BlockSpec, Gram, Vectorizer};
        use crate::normalize::normalize;
        use crate::segment::Segmenter;
        let seg = Segmenter::global();
        let docs: Vec<Vec<String>> = [
            ("申请强制执行", "执行局"),
            ("执行异议怎么提", "立案庭"),
            ("诉讼费缓交", "立案庭"),
        ]
        .iter()
        .map(|(a, b)| vec![normalize(a), normalize(b)])
        .collect();
        let specs: Vec<BlockSpec> = [(0, Gram::Char1), (0, Gram::Char2), (1, Gram::Char2)]
            .iter()
            .map(|&(field, gram)| BlockSpec {
                field,
                gram,
                weight: 1.0,
            })
            .collect();
        let mut v = Vectorizer::fit(&docs, &specs, 1, 1000, seg);
        let keep: Vec<bool> = (0..v.dim).map(|j| j % 3 != 1).collect();
        let ranges = v.block_ranges();
        let restricted: Vec<SparseVec> = docs
            .iter()
            .map(|d| restrict(&v.transform_normalized(d, seg), &keep, &ranges))
            .collect();
        let new_id: Vec<u32> = keep
            .iter()
            .scan(0u32, |next, &k| {
                let id = *next;
                *next += u32::from(k);
                Some(id)
            })
            .collect();
        v.retain(&keep);
        for (d, r) in docs.iter().zip(&restricted) {
            let pruned = v.transform_normalized(d, seg);
            let renumbered: Vec<u32> = r.indices.iter().map(|&j| new_id[j as usize]).collect();
            assert_eq!(pruned.indices, renumbered);
            for (a, b) in pruned.values.iter().zip(&r.values) {
                assert!((a - b).abs() < 1e-6);
            }
        }
    }
}
