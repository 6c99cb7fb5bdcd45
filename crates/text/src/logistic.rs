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

/// How a threshold is chosen on `(score, label)` pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ThresholdRule {
    /// Maximise accuracy: follows the share of positives of the pairs it is chosen on.
    Accuracy,
    /// Maximise balanced accuracy (mean of the true-positive and true-negative rates): does
    /// not depend on the share of positives, so it carries over to data with another prior.
    Balanced,
}

/// The threshold on scores that maximises `rule` on `(score, label)` pairs (midpoint between
/// neighbouring scores), with the value reached.
pub(crate) fn best_threshold(scored: &mut [(f32, bool)], rule: ThresholdRule) -> (f32, f64) {
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = scored.len();
    let positives = scored.iter().filter(|s| s.1).count();
    // Weight of a right positive / negative decision.
    let (wp, wn) = match rule {
        ThresholdRule::Accuracy => (1.0 / n.max(1) as f64, 1.0 / n.max(1) as f64),
        ThresholdRule::Balanced => (
            0.5 / positives.max(1) as f64,
            0.5 / (n - positives).max(1) as f64,
        ),
    };
    // Threshold below everything: all predicted positive.
    let (mut tp, mut tn) = (positives as f64, 0.0);
    let (mut best_t, mut best) = (f32::NEG_INFINITY, tp * wp);
    for i in 0..n {
        if scored[i].1 {
            tp -= 1.0;
        } else {
            tn += 1.0;
        }
        if i + 1 < n && scored[i + 1].0 == scored[i].0 {
            continue;
        }
        let value = tp * wp + tn * wn;
        if value > best + 1e-12 {
            best = value;
            best_t = if i + 1 < n {
                (scored[i].0 + scored[i + 1].0) / 2.0
            } else {
                scored[i].0 + 1e-6
            };
        }
    }
    (best_t, best)
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
        let (_, acc) = best_threshold(&mut s, ThresholdRule::Accuracy);
        assert_eq!(acc, 1.0);
    }

    #[test]
    fn balanced_threshold_weighs_the_rarer_class_up() {
        // 10 positives (half at 0.2, half at 0.8) among 100 negatives (90 at 0.1, 10 at 0.5).
        let mut s: Vec<(f32, bool)> = Vec::new();
        s.extend((0..5).map(|_| (0.2, true)));
        s.extend((0..5).map(|_| (0.8, true)));
        s.extend((0..90).map(|_| (0.1, false)));
        s.extend((0..10).map(|_| (0.5, false)));
        // Accuracy gives up the positives at 0.2 (105/110 right); balanced accuracy keeps them
        // (all positives and 90% of the negatives: 0.95).
        let (t_acc, acc) = best_threshold(&mut s.clone(), ThresholdRule::Accuracy);
        assert!(t_acc > 0.5 && t_acc < 0.8);
        assert!((acc - 105.0 / 110.0).abs() < 1e-9);
        let (t_bal, bal) = best_threshold(&mut s, ThresholdRule::Balanced);
        assert!(t_bal > 0.1 && t_bal < 0.2);
        assert!((bal - 0.95).abs() < 1e-9);
    }
}
