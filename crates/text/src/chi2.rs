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
}
