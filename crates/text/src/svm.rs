//! Linear support vector machine (线性支持向量机), one-vs-rest, trained by dual coordinate
//! descent on the L2-regularised squared-hinge loss (Hsieh et al., ICML 2008; LIBLINEAR's
//! default solver). A bias is learnt as an extra constant feature of value 1. Each example may
//! carry its own cost multiplier (class-balanced weights: a rare class counts as much as a
//! frequent one).

use crate::rng::SplitMix64;
use crate::sparse::SparseVec;

/// Training options.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SvmParams {
    pub(crate) c: f32,
    pub(crate) max_epochs: usize,
    pub(crate) tolerance: f32,
    pub(crate) seed: u64,
}

/// Weights of a one-vs-rest linear SVM, feature-major: `w[j * n_classes + k]`; the bias of class
/// `k` is at `w[dim * n_classes + k]`. `class_cost[c]` multiplies C for the examples of class
/// `c` in every binary problem.
pub(crate) fn train_ovr(
    x: &[SparseVec],
    y: &[usize],
    n_classes: usize,
    dim: usize,
    p: SvmParams,
    class_cost: &[f32],
) -> Vec<f32> {
    let mut weights = vec![0.0f32; (dim + 1) * n_classes];
    let sq: Vec<f32> = x.iter().map(|v| v.norm_sq() + 1.0).collect();
    // The squared-hinge dual's diagonal term 1 / (2 C_i), per example.
    let diag: Vec<f32> = y.iter().map(|&c| 0.5 / (p.c * class_cost[c])).collect();
    for k in 0..n_classes {
        let labels: Vec<f32> = y.iter().map(|&c| if c == k { 1.0 } else { -1.0 }).collect();
        let w = train_binary(
            x,
            &labels,
            &sq,
            &diag,
            dim,
            p,
            p.seed.wrapping_add(k as u64),
        );
        for (j, wj) in w.into_iter().enumerate() {
            weights[j * n_classes + k] = wj;
        }
    }
    weights
}

/// One binary problem; returns `dim + 1` weights (the last is the bias).
fn train_binary(
    x: &[SparseVec],
    y: &[f32],
    sq: &[f32],
    diag: &[f32],
    dim: usize,
    p: SvmParams,
    seed: u64,
) -> Vec<f32> {
    let n = x.len();
    let mut w = vec![0.0f32; dim + 1];
    let mut alpha = vec![0.0f32; n];
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::new(seed);
    for _ in 0..p.max_epochs {
        rng.shuffle(&mut order);
        let (mut pg_max, mut pg_min) = (f32::NEG_INFINITY, f32::INFINITY);
        for &i in &order {
            let xi = &x[i];
            let yi = y[i];
            let g = yi * (xi.dot_dense(&w) + w[dim]) - 1.0 + diag[i] * alpha[i];
            let pg = if alpha[i] == 0.0 { g.min(0.0) } else { g };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - g / (sq[i] + diag[i])).max(0.0);
                let d = (alpha[i] - old) * yi;
                for (j, v) in xi.iter() {
                    w[j as usize] += d * v;
                }
                w[dim] += d;
            }
        }
        if pg_max - pg_min < p.tolerance {
            break;
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_a_toy_problem() {
        let x: Vec<SparseVec> = vec![
            SparseVec::from_pairs(vec![(0, 1.0)]),
            SparseVec::from_pairs(vec![(0, 0.9), (2, 0.1)]),
            SparseVec::from_pairs(vec![(1, 1.0)]),
            SparseVec::from_pairs(vec![(1, 0.8), (2, 0.2)]),
        ];
        let y = vec![0, 0, 1, 1];
        let p = SvmParams {
            c: 1.0,
            max_epochs: 100,
            tolerance: 0.01,
            seed: 1,
        };
        let w = train_ovr(&x, &y, 2, 3, p, &[1.0, 1.0]);
        let score = |v: &SparseVec, k: usize| {
            v.iter()
                .map(|(j, a)| a * w[j as usize * 2 + k])
                .sum::<f32>()
                + w[3 * 2 + k]
        };
        for (v, &c) in x.iter().zip(&y) {
            assert!(score(v, c) > score(v, 1 - c));
        }
    }

    #[test]
    fn a_costlier_class_pulls_the_boundary_away_from_it() {
        // One feature: class 0 at 0.0 and 0.4, class 1 at 0.6 and 1.0, weakly regularised.
        let x: Vec<SparseVec> = [0.0f32, 0.4, 0.6, 1.0]
            .iter()
            .map(|&v| SparseVec::from_pairs(vec![(0, v)]))
            .collect();
        let y = vec![0, 0, 1, 1];
        let p = SvmParams {
            c: 0.05,
            max_epochs: 500,
            tolerance: 1e-4,
            seed: 1,
        };
        // The point where the class-1 score crosses zero.
        let boundary = |cost: &[f32]| {
            let w = train_ovr(&x, &y, 2, 1, p, cost);
            -w[2 + 1] / w[1]
        };
        let even = boundary(&[1.0, 1.0]);
        let heavy_one = boundary(&[1.0, 10.0]);
        assert!(heavy_one < even, "{heavy_one} < {even}");
    }
}
