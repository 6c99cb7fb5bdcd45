//! Complement naive Bayes (补集朴素贝叶斯; Rennie et al., ICML 2003), the variant that suits
//! short texts and many classes, over TF-IDF features.

use crate::sparse::SparseVec;

/// Feature-major log weights `w[j * n_classes + k]`: the score of class `k` is `Σ x_j w_jk`,
/// higher meaning more likely.
pub(crate) fn train(
    x: &[SparseVec],
    y: &[usize],
    n_classes: usize,
    dim: usize,
    alpha: f32,
) -> Vec<f32> {
    let mut count = vec![0.0f64; dim * n_classes];
    let mut all = vec![0.0f64; dim];
    for (v, &k) in x.iter().zip(y) {
        for (j, a) in v.iter() {
            count[j as usize * n_classes + k] += f64::from(a);
            all[j as usize] += f64::from(a);
        }
    }
    let alpha = f64::from(alpha);
    let mut totals = vec![0.0f64; n_classes];
    for j in 0..dim {
        for (k, t) in totals.iter_mut().enumerate() {
            *t += all[j] - count[j * n_classes + k] + alpha;
        }
    }
    let mut w = vec![0.0f32; dim * n_classes];
    for j in 0..dim {
        for k in 0..n_classes {
            let comp = all[j] - count[j * n_classes + k] + alpha;
            w[j * n_classes + k] = -(comp / totals[k]).ln() as f32;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_the_class_of_its_words() {
        let x = vec![
            SparseVec::from_pairs(vec![(0, 1.0)]),
            SparseVec::from_pairs(vec![(1, 1.0)]),
        ];
        let w = train(&x, &[0, 1], 2, 2, 0.1);
        let q = SparseVec::from_pairs(vec![(0, 1.0)]);
        let s = |k: usize| {
            q.iter()
                .map(|(j, a)| a * w[j as usize * 2 + k])
                .sum::<f32>()
        };
        assert!(s(0) > s(1));
    }
}
