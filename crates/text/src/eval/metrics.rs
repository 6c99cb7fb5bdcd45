//! Accuracy and macro-F1 (宏平均 F1).

/// Share of `predicted[i] == truth[i]`.
pub fn accuracy<L: PartialEq>(truth: &[L], predicted: &[L]) -> f64 {
    if truth.is_empty() {
        return 0.0;
    }
    truth.iter().zip(predicted).filter(|(a, b)| a == b).count() as f64 / truth.len() as f64
}

/// Macro-averaged F1 over the labels present in `truth` or `predicted`.
pub fn macro_f1<L: Ord + Clone>(truth: &[L], predicted: &[L]) -> f64 {
    let mut labels: Vec<L> = truth.iter().chain(predicted).cloned().collect();
    labels.sort();
    labels.dedup();
    if labels.is_empty() {
        return 0.0;
    }
    let mut sum = 0.0;
    for l in &labels {
        let tp = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| *t == l && *p == l)
            .count() as f64;
        let fp = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| *t != l && *p == l)
            .count() as f64;
        let fn_ = truth
            .iter()
            .zip(predicted)
            .filter(|(t, p)| *t == l && *p != l)
            .count() as f64;
        if tp > 0.0 {
            sum += 2.0 * tp / (2.0 * tp + fp + fn_);
        }
    }
    sum / labels.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics() {
        let t = ["a", "a", "b", "b"];
        let p = ["a", "b", "b", "b"];
        assert_eq!(accuracy(&t, &p), 0.75);
        let f = macro_f1(&t, &p);
        assert!((f - (2.0 / 3.0 + 0.8) / 2.0).abs() < 1e-9);
    }
}
