//! Model selection (模型选择) at training time: the SVM regularisation, the naive Bayes weight
//! and the share of features kept (chi-squared) are chosen by inner cross-validation on the
//! training texts only, and the confidence temperature is fitted on the same out-of-fold
//! scores. Nothing is tuned to any test file: a court's own orders choose their own settings
//! when the model is (re)trained.

use crate::chi2::{BlockRange, restrict, top_features};
use crate::classify::ClassifierConfig;
use crate::cnb;
use crate::folds::stratified_folds;
use crate::scoring::{argmax, combined, fit_svm, fit_temperature};
use crate::sparse::SparseVec;
use crate::views::FieldSpans;

/// One setting: SVM C, naive Bayes weight, share of features kept.
type Setting = (f32, f32, f32);

/// How the training vectors are laid out: their feature blocks, and the spans of their text
/// fields when each field also trains alone (`ClassifierConfig::field_views`).
pub(crate) struct Layout {
    pub(crate) blocks: Vec<BlockRange>,
    pub(crate) views: Option<FieldSpans>,
}

/// The settings chosen for the final model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Choice {
    pub(crate) svm_c: f32,
    pub(crate) nb_weight: f32,
    pub(crate) feature_fraction: f32,
    /// Softmax temperature of the calibrated confidence.
    pub(crate) temperature: f32,
}

/// Chooses a setting among the configured grids by out-of-fold accuracy on the training texts
/// (ties: the lower out-of-fold log-loss), then fits the temperature on the chosen setting's
/// out-of-fold scores. Above `selection_max_examples` texts the choice is made on a stratified
/// sample of that size (more texts change the choice little and training must stay fast), and
/// the temperature on one held-out fold of all texts.
pub(crate) fn choose(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    layout: &Layout,
    cfg: &ClassifierConfig,
) -> Choice {
    let folds = cfg.calibration_folds;
    let grid = candidates(cfg);
    let pick = |s: Setting, temperature: f32| Choice {
        svm_c: s.0,
        nb_weight: s.1,
        feature_fraction: s.2,
        temperature,
    };
    if folds < 2 || x.len() < 2 * folds {
        return pick(grid[0], 1.0);
    }
    let cap = cfg.selection_max_examples.max(1);
    let whole = grid.len() == 1 || x.len() <= cap;
    let (sx, sy): (Vec<SparseVec>, Vec<usize>) = if whole {
        (Vec::new(), Vec::new())
    } else {
        let assign = stratified_folds(y, x.len().div_ceil(cap), cfg.seed ^ 0x5A3B);
        (0..x.len())
            .filter(|&i| assign[i] == 0)
            .map(|i| (x[i].clone(), y[i]))
            .unzip()
    };
    let (sx, sy) = if whole { (x, y) } else { (&sx[..], &sy[..]) };
    let z = out_of_fold(sx, sy, k, layout, cfg, &grid, folds);
    let mut best: Option<(usize, usize, f64, f32)> = None;
    for (g, zg) in z.iter().enumerate() {
        let right = zg.iter().zip(sy).filter(|(s, y)| argmax(s) == **y).count();
        let (t, nll) = fit_temperature(zg, sy);
        let better = match best {
            None => true,
            Some((_, r, l, _)) => right > r || (right == r && nll < l),
        };
        if better {
            best = Some((g, right, nll, t));
        }
    }
    let (g, _, _, t) = best.expect("at least one setting");
    if whole {
        return pick(grid[g], t);
    }
    // Many texts: one held-out fold is plenty to fit one number, and costs a third.
    let z = out_of_fold(x, y, k, layout, cfg, &grid[g..=g], 1);
    let (zs, ys): (Vec<Vec<f32>>, Vec<usize>) = z[0]
        .iter()
        .zip(y)
        .filter(|(s, _)| !s.is_empty())
        .map(|(s, &c)| (s.clone(), c))
        .unzip();
    pick(grid[g], fit_temperature(&zs, &ys).0)
}

/// The settings to compare; an empty grid means the configured single value.
fn candidates(cfg: &ClassifierConfig) -> Vec<Setting> {
    let or_one = |grid: &[f32], one: f32| {
        if grid.is_empty() {
            vec![one]
        } else {
            grid.to_vec()
        }
    };
    let cs = or_one(&cfg.svm_c_grid, cfg.svm_c);
    let nbs = or_one(&cfg.nb_weight_grid, cfg.nb_weight);
    let fractions = or_one(&cfg.feature_fraction_grid, cfg.feature_fraction);
    let mut out = Vec::new();
    for &f in &fractions {
        for &c in &cs {
            for &w in &nbs {
                out.push((c, w, f));
            }
        }
    }
    out
}

/// Out-of-fold combined scores `z[setting][text]` of a stratified split into
/// `cfg.calibration_folds` folds, for the texts of the first `scored_folds` folds (the others
/// stay empty). Per fold: the features are selected on the fold's training texts, then one
/// naive Bayes per share of features and one SVM per (share, C).
fn out_of_fold(
    x: &[SparseVec],
    y: &[usize],
    k: usize,
    layout: &Layout,
    cfg: &ClassifierConfig,
    grid: &[Setting],
    scored_folds: usize,
) -> Vec<Vec<Vec<f32>>> {
    let folds = cfg.calibration_folds;
    let blocks = &layout.blocks;
    let dim = blocks.last().map_or(0, |b| b.1 as usize);
    let assign = stratified_folds(y, folds, cfg.seed ^ 0x5EED);
    let mut z: Vec<Vec<Vec<f32>>> = vec![vec![Vec::new(); x.len()]; grid.len()];
    let distinct = |v: Vec<f32>| {
        let mut v = v;
        v.sort_by(f32::total_cmp);
        v.dedup();
        v
    };
    let fractions = distinct(grid.iter().map(|s| s.2).collect());
    let cs = distinct(grid.iter().map(|s| s.0).collect());
    for f in 0..scored_folds.min(folds) {
        let train: Vec<usize> = (0..x.len()).filter(|&i| assign[i] != f).collect();
        let test: Vec<usize> = (0..x.len()).filter(|&i| assign[i] == f).collect();
        let ty: Vec<usize> = train.iter().map(|&i| y[i]).collect();
        let all: Vec<SparseVec> = train.iter().map(|&i| x[i].clone()).collect();
        for &fraction in &fractions {
            let (tx, vx): (Vec<SparseVec>, Vec<SparseVec>) = if fraction >= 1.0 {
                (all.clone(), test.iter().map(|&i| x[i].clone()).collect())
            } else {
                let keep = top_features(&all, &ty, k, dim, fraction);
                (
                    all.iter().map(|v| restrict(v, &keep, blocks)).collect(),
                    test.iter()
                        .map(|&i| restrict(&x[i], &keep, blocks))
                        .collect(),
                )
            };
            // Views of the fold's training texts only; its test texts are classified whole.
            let (tx, ty) = match &layout.views {
                Some(spans) => spans.with_views(tx, ty.clone()),
                None => (tx, ty.clone()),
            };
            let nb = cnb::train(&tx, &ty, k, dim, cfg.nb_alpha);
            for &c in &cs {
                if !grid.iter().any(|s| s.0 == c && s.2 == fraction) {
                    continue;
                }
                let s = fit_svm(&tx, &ty, k, dim, c, cfg, nb.clone());
                for (g, &(gc, w, gf)) in grid.iter().enumerate() {
                    if gc != c || gf != fraction {
                        continue;
                    }
                    for (v, &i) in vx.iter().zip(&test) {
                        z[g][i] = combined(v, &s.svm, &s.nb, k, dim, s.scales, w);
                    }
                }
            }
        }
    }
    z
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_is_every_combination_and_an_empty_grid_the_single_value() {
        let cfg = ClassifierConfig {
            svm_c: 0.7,
            svm_c_grid: vec![],
            nb_weight_grid: vec![0.0, 1.0],
            feature_fraction_grid: vec![0.5, 1.0],
            ..ClassifierConfig::default()
        };
        let grid = candidates(&cfg);
        assert_eq!(grid.len(), 4);
        assert!(grid.iter().all(|s| s.0 == 0.7));
        assert!(grid.contains(&(0.7, 1.0, 0.5)));
    }

    #[test]
    fn noise_features_are_dropped_when_they_hurt() {
        // Three classes told apart by one feature each (0, 1, 2); 300 noise features, each in a
        // few random texts, swamp them in L2-normalised vectors. Keeping a small share of the
        // features (chi-squared) must win the inner cross-validation.
        let mut rng = crate::rng::SplitMix64::new(3);
        let n = 60;
        let y: Vec<usize> = (0..n).map(|i| i % 3).collect();
        let x: Vec<SparseVec> = y
            .iter()
            .map(|&c| {
                let mut pairs = vec![(c as u32, 1.0)];
                for _ in 0..20 {
                    pairs.push((3 + rng.below(300) as u32, 1.0));
                }
                let mut v = SparseVec::from_pairs(pairs);
                v.normalize_tail(0, 1.0);
                v
            })
            .collect();
        let cfg = ClassifierConfig {
            svm_c_grid: vec![],
            nb_weight_grid: vec![],
            nb_weight: 0.0,
            feature_fraction_grid: vec![0.02, 1.0],
            ..ClassifierConfig::default()
        };
        let layout = Layout {
            blocks: vec![(0, 303, 1.0)],
            views: None,
        };
        let choice = choose(&x, &y, 3, &layout, &cfg);
        assert_eq!(choice.feature_fraction, 0.02);
        assert!(choice.temperature > 0.0);
    }
}
