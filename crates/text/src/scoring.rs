//! Scoring for the classifier: training the scorers, raw linear scores, per-text
//! standardisation of the SVM and naive Bayes scores, softmax, and the temperature fit.

use crate::classify::ClassifierConfig;
use crate::cnb;
use crate::sparse::SparseVec;
use crate::svm::{self, SvmParams};

/// Raw parts trained on one set of vectors.
pub(crate) struct Scorers {
    pub(crate) svm: Vec<f32>,
    pub(crate) nb: Vec<f32>,
    pub(crate) scales: [f32; 2],
}

/// Trains the SVM (with regularisation `c`) and the naive Bayes on `x`.
pub(crate) fn fit_scorers(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    dim: usize,
    c: f32,
    cfg: &ClassifierConfig,
) -> Scorers {
    let nb = cnb::train(x, y, k, dim, cfg.nb_alpha);
    fit_svm(x, y, k, dim, c, cfg, nb)
}

/// Trains the SVM with regularisation `c` beside an already trained naive Bayes `nb`.
pub(crate) fn fit_svm(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    dim: usize,
    c: f32,
    cfg: &ClassifierConfig,
    nb: Vec<f32>,
) -> Scorers {
    let p = SvmParams {
        c,
        max_epochs: 60,
        tolerance: 0.1,
        seed: cfg.seed,
    };
    let svm = svm::train_ovr(x, y, k, dim, p, &class_costs(y, k, cfg.class_balanced));
    let mut scales = [1.0f32, 1.0];
    if k == 2 {
        let spread = |w: &[f32], bias: bool| {
            let mut ss = 0.0f64;
            for v in x {
                let s = raw(v, w, k, dim, bias);
                ss += f64::from((s[0] - s[1]) / 2.0).powi(2);
            }
            ((ss / x.len().max(1) as f64).sqrt() as f32).max(1e-6)
        };
        scales = [spread(&svm, true), spread(&nb, false)];
    }
    Scorers { svm, nb, scales }
}

/// Cost multiplier of each class: `n / (k · n_c)` when balanced (every class weighs as much in
/// total), else 1.
fn class_costs(y: &[usize], k: usize, balanced: bool) -> Vec<f32> {
    let mut count = vec![0usize; k];
    for &c in y {
        count[c] += 1;
    }
    count
        .iter()
        .map(|&nc| {
            if balanced && nc > 0 {
                y.len() as f32 / (k * nc) as f32
            } else {
                1.0
            }
        })
        .collect()
}

/// The softmax temperature that maximises the likelihood of the labels `y` given the
/// (out-of-fold) combined scores `z`, with that mean negative log-likelihood.
pub(crate) fn fit_temperature(z: &[Vec<f32>], y: &[usize]) -> (f32, f64) {
    let nll = |t: f64| -> f64 {
        z.iter()
            .zip(y)
            .map(|(zi, &yi)| -f64::from(softmax(zi, t as f32)[yi].max(1e-12)).ln())
            .sum::<f64>()
            / z.len().max(1) as f64
    };
    // Golden-section search over log(temperature); the likelihood is concave in it.
    let (mut lo, mut hi) = ((0.02f64).ln(), (50.0f64).ln());
    let g = 0.618_033_988_75;
    for _ in 0..60 {
        let a = hi - g * (hi - lo);
        let b = lo + g * (hi - lo);
        if nll(a.exp()) < nll(b.exp()) {
            hi = b;
        } else {
            lo = a;
        }
    }
    let t = ((lo + hi) / 2.0).exp();
    (t as f32, nll(t))
}

/// Raw class scores `Σ x_j w_jk` (+ bias when `bias`).
pub(crate) fn raw(x: &SparseVec, w: &[f32], k: usize, dim: usize, bias: bool) -> Vec<f32> {
    let mut s = if bias {
        w[dim * k..(dim + 1) * k].to_vec()
    } else {
        vec![0.0; k]
    };
    for (j, v) in x.iter() {
        let row = &w[j as usize * k..(j as usize + 1) * k];
        for (sk, wk) in s.iter_mut().zip(row) {
            *sk += v * wk;
        }
    }
    s
}

/// Standard deviation over classes of the raw scores (1 when degenerate).
pub(crate) fn score_sd(x: &SparseVec, w: &[f32], k: usize, bias: bool) -> f32 {
    let dim = w.len() / k - usize::from(bias);
    let s = raw(x, w, k, dim, bias);
    let m = s.iter().sum::<f32>() / k as f32;
    let sd = (s.iter().map(|v| (v - m).powi(2)).sum::<f32>() / k as f32).sqrt();
    if sd > 1e-9 { sd } else { 1.0 }
}

/// SVM and naive Bayes scores, each standardised per text (two classes: centred and scaled by
/// the training spread), summed.
pub(crate) fn combined(
    x: &SparseVec,
    svm: &[f32],
    nb: &[f32],
    k: usize,
    dim: usize,
    scales: [f32; 2],
    nb_weight: f32,
) -> Vec<f32> {
    let a = raw(x, svm, k, dim, true);
    let b = raw(x, nb, k, dim, false);
    let z = |s: &[f32], scale: f32| -> Vec<f32> {
        let m = s.iter().sum::<f32>() / k as f32;
        let sd = if k == 2 {
            scale
        } else {
            let v = (s.iter().map(|v| (v - m).powi(2)).sum::<f32>() / k as f32).sqrt();
            if v > 1e-9 { v } else { 1.0 }
        };
        s.iter().map(|v| (v - m) / sd).collect()
    };
    z(&a, scales[0])
        .iter()
        .zip(z(&b, scales[1]))
        .map(|(p, q)| p + nb_weight * q)
        .collect()
}

pub(crate) fn softmax(z: &[f32], t: f32) -> Vec<f32> {
    let m = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = z.iter().map(|v| ((v - m) * t).exp()).collect();
    let s: f32 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

pub(crate) fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}
