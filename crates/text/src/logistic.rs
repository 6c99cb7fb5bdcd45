//! Binary logistic regression (逻辑回归) over sparse features, trained by deterministic
//! mini-batch-free AdaGrad SGD with L2 regularisation.

use serde::{Deserialize, Serialize};

use crate::rng::SplitMix64;
use crate::sparse::SparseVec;

/// A trained logistic regression: `P(y=1|x) = σ(w·x + b)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Logistic {
    pub(crate) w: Vec<f32>,
    pub(crate) b: f32,
}

impl Logistic {
    /// Fits on `x` (feature indices below `dim`) and boolean labels.
    pub(crate) fn fit(
        x: &[SparseVec],
        y: &[bool],
        dim: usize,
        l2: f32,
        epochs: usize,
        seed: u64,
    ) -> Logistic {
        let mut w = vec![0.0f32; dim];
        let mut g2 = vec![1e-8f32; dim];
        let (mut b, mut gb2) = (0.0f32, 1e-8f32);
        let lr = 0.1f32;
        let mut order: Vec<usize> = (0..x.len()).collect();
        let mut rng = SplitMix64::new(seed);
        let n = x.len().max(1) as f32;
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for &i in &order {
                let p = sigmoid(x[i].dot_dense(&w) + b);
                let err = p - if y[i] { 1.0 } else { 0.0 };
                for (j, v) in x[i].iter() {
                    let j = j as usize;
                    let g = err * v + l2 / n * w[j];
                    g2[j] += g * g;
                    w[j] -= lr * g / g2[j].sqrt();
                }
                gb2 += err * err;
                b -= lr * err / gb2.sqrt();
            }
        }
        Logistic { w, b }
    }

    /// Probability of the positive class.
    pub(crate) fn prob(&self, x: &SparseVec) -> f32 {
        sigmoid(x.dot_dense(&self.w) + self.b)
    }
}

pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The threshold on scores that maximises accuracy on `(score, label)` pairs (midpoint between
/// neighbouring scores).
pub(crate) fn best_threshold(scored: &mut [(f32, bool)]) -> (f32, f64) {
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = scored.len();
    let positives = scored.iter().filter(|s| s.1).count();
    // Threshold below everything: all predicted positive.
    let (mut best_t, mut best_right) = (f32::NEG_INFINITY, positives);
    let mut right = positives;
    for i in 0..n {
        right = if scored[i].1 { right - 1 } else { right + 1 };
        if i + 1 < n && scored[i + 1].0 == scored[i].0 {
            continue;
        }
        if right > best_right {
            best_right = right;
            best_t = if i + 1 < n {
                (scored[i].0 + scored[i + 1].0) / 2.0
            } else {
                scored[i].0 + 1e-6
            };
        }
    }
    (best_t, best_right as f64 / n.max(1) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_thresholds() {
        let x: Vec<SparseVec> = (0..40)
            .map(|i| SparseVec::from_pairs(vec![(0, (i as f32) / 40.0), (1, 1.0)]))
            .collect();
        let y: Vec<bool> = (0..40).map(|i| i >= 20).collect();
        let m = Logistic::fit(&x, &y, 2, 0.01, 200, 1);
        assert!(m.prob(&x[39]) > m.prob(&x[0]));
        let mut s: Vec<(f32, bool)> = x.iter().zip(&y).map(|(v, &l)| (m.prob(v), l)).collect();
        let (_, acc) = best_threshold(&mut s);
        assert_eq!(acc, 1.0);
    }
}
