//! Model selection (模型选择) at training time: the SVM regularisation and the naive Bayes
//! weight are chosen by inner cross-validation on the training texts only, and the confidence
//! temperature is fitted on the same out-of-fold scores. Nothing is tuned to any test file: a
//! court's own orders choose their own settings when the model is (re)trained.

use crate::classify::ClassifierConfig;
use crate::cnb;
use crate::folds::stratified_folds;
use crate::scoring::{argmax, combined, fit_svm, fit_temperature};
use crate::sparse::SparseVec;

/// The settings chosen for the final model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Choice {
    pub(crate) svm_c: f32,
    pub(crate) nb_weight: f32,
    /// Softmax temperature of the calibrated confidence.
    pub(crate) temperature: f32,
}

/// Chooses `(C, naive Bayes weight)` among the configured grids by out-of-fold accuracy on the
/// training texts (ties: the lower out-of-fold log-loss), then fits the temperature on the
/// chosen setting's out-of-fold scores. Above `selection_max_examples` texts the choice is made
/// on a stratified sample of that size (more texts change the choice little and training must
/// stay fast), and the temperature on all texts.
pub(crate) fn choose(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    dim: usize,
    cfg: &ClassifierConfig,
) -> Choice {
    let folds = cfg.calibration_folds;
    let grid = candidates(cfg);
    if folds < 2 || x.len() < 2 * folds {
        return Choice {
            svm_c: grid[0].0,
            nb_weight: grid[0].1,
            temperature: 1.0,
        };
    }
    let sample: Vec<usize> = if grid.len() == 1 || x.len() <= cfg.selection_max_examples.max(1) {
        (0..x.len()).collect()
    } else {
        let parts = x.len().div_ceil(cfg.selection_max_examples.max(1));
        let assign = stratified_folds(y, parts, cfg.seed ^ 0x5A3B);
        (0..x.len()).filter(|&i| assign[i] == 0).collect()
    };
    let whole = sample.len() == x.len();
    let (sx, sy): (Vec<SparseVec>, Vec<usize>) = if whole {
        (Vec::new(), Vec::new())
    } else {
        sample.iter().map(|&i| (x[i].clone(), y[i])).unzip()
    };
    let (sx, sy) = if whole { (x, y) } else { (&sx[..], &sy[..]) };
    let z = out_of_fold(sx, sy, k, dim, cfg, &grid);
    let mut best: Option<(usize, usize, f64, f32)> = None;
    for (c, zc) in z.iter().enumerate() {
        let right = zc.iter().zip(sy).filter(|(s, y)| argmax(s) == **y).count();
        let (t, nll) = fit_temperature(zc, sy);
        let better = match best {
            None => true,
            Some((_, r, l, _)) => right > r || (right == r && nll < l),
        };
        if better {
            best = Some((c, right, nll, t));
        }
    }
    let (c, _, _, t) = best.expect("at least one candidate");
    let (svm_c, nb_weight) = grid[c];
    let temperature = if whole {
        t
    } else {
        let z = out_of_fold(x, y, k, dim, cfg, &[(svm_c, nb_weight)]);
        fit_temperature(&z[0], y).0
    };
    Choice {
        svm_c,
        nb_weight,
        temperature,
    }
}

/// The `(C, naive Bayes weight)` settings to compare; an empty grid means the single value.
fn candidates(cfg: &ClassifierConfig) -> Vec<(f32, f32)> {
    let or_one = |grid: &[f32], one: f32| {
        if grid.is_empty() {
            vec![one]
        } else {
            grid.to_vec()
        }
    };
    let cs = or_one(&cfg.svm_c_grid, cfg.svm_c);
    let nbs = or_one(&cfg.nb_weight_grid, cfg.nb_weight);
    cs.iter()
        .flat_map(|&c| nbs.iter().map(move |&w| (c, w)))
        .collect()
}

/// Out-of-fold combined scores `z[candidate][text]` of a stratified split into
/// `cfg.calibration_folds` folds: one naive Bayes and one SVM per distinct C per fold.
fn out_of_fold(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    dim: usize,
    cfg: &ClassifierConfig,
    grid: &[(f32, f32)],
) -> Vec<Vec<Vec<f32>>> {
    let folds = cfg.calibration_folds;
    let assign = stratified_folds(y, folds, cfg.seed ^ 0x5EED);
    let mut z: Vec<Vec<Vec<f32>>> = vec![vec![Vec::new(); x.len()]; grid.len()];
    let mut cs: Vec<f32> = grid.iter().map(|g| g.0).collect();
    cs.dedup();
    for f in 0..folds {
        let (tx, ty): (Vec<SparseVec>, Vec<usize>) = (0..x.len())
            .filter(|&i| assign[i] != f)
            .map(|i| (x[i].clone(), y[i]))
            .unzip();
        let nb = cnb::train(&tx, &ty, k, dim, cfg.nb_alpha);
        for &c in &cs {
            let s = fit_svm(&tx, &ty, k, dim, c, cfg, nb.clone());
            for (g, &(gc, w)) in grid.iter().enumerate() {
                if gc != c {
                    continue;
                }
                for i in (0..x.len()).filter(|&i| assign[i] == f) {
                    z[g][i] = combined(&x[i], &s.svm, &s.nb, k, dim, s.scales, w);
                }
            }
        }
    }
    z
}
