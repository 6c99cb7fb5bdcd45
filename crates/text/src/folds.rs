//! Stratified k-fold assignment (分层 k 折), shared by training-time calibration and the
//! evaluation harness.

use crate::rng::SplitMix64;

/// Assigns each item a fold in `0..k` so that every label is spread evenly over the folds
/// (items of a label are shuffled with `seed`, then dealt round-robin, continuing where the
/// previous label stopped so that folds also have even sizes).
pub fn stratified_folds<L: Ord>(labels: &[L], k: usize, seed: u64) -> Vec<usize> {
    let k = k.max(1);
    let mut order: Vec<usize> = (0..labels.len()).collect();
    let mut rng = SplitMix64::new(seed);
    rng.shuffle(&mut order);
    order.sort_by(|&a, &b| labels[a].cmp(&labels[b]));
    let mut folds = vec![0; labels.len()];
    for (pos, &i) in order.iter().enumerate() {
        folds[i] = pos % k;
    }
    folds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced() {
        let labels: Vec<u8> = (0..30).map(|i| (i % 3) as u8).collect();
        let f = stratified_folds(&labels, 5, 1);
        for fold in 0..5 {
            for l in 0..3u8 {
                let n = (0..30).filter(|&i| f[i] == fold && labels[i] == l).count();
                assert_eq!(n, 2);
            }
        }
    }
}
