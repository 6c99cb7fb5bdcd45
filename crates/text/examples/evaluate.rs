//! Prints every figure of docs/EVALUATION.md.
//!
//! `cargo run --release -p tongban-text --example evaluate -- ../shared/data`

use std::path::PathBuf;

use tongban_text::eval::*;
use tongban_text::{ClassifierConfig, Gram};

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    if !dir.join("legal_consult_topics.csv").exists() {
        eprintln!(
            "no evaluation data in {} — nothing to measure",
            dir.display()
        );
        return;
    }
    classification(&dir);
    paraphrase(&dir);
    repeats(&dir);
    kb(&dir);
}

fn row(name: &str, r: &CvReport) {
    let m = &r.mean;
    println!(
        "| {name} | {:.1}% | {:.3} | {:.1}% | {:.1}% |",
        m.accuracy * 100.0,
        m.macro_f1,
        m.abstained * 100.0,
        m.accuracy_when_answered * 100.0
    );
}

fn classification(dir: &std::path::Path) {
    let legal = read_csv(
        &dir.join("legal_consult_topics.csv"),
        b',',
        &["text"],
        "label",
    )
    .expect("legal");
    let gov = read_csv(
        &dir.join("gov_messages_labeled.csv"),
        b',',
        &["subject", "detail"],
        "label",
    )
    .expect("gov");
    let shipped = ClassifierConfig::default();
    // Fixed settings (no inner selection, all features), for comparison with the shipped
    // selection.
    let fixed = |c: f32, nb: f32, balanced: bool| ClassifierConfig {
        svm_c: c,
        svm_c_grid: vec![],
        nb_weight: nb,
        nb_weight_grid: vec![],
        class_balanced: balanced,
        feature_fraction: 1.0,
        feature_fraction_grid: vec![],
        ..shipped.clone()
    };
    let previous = fixed(0.5, 0.5, false);
    let methods: Vec<(&str, Baseline)> = vec![
        ("majority class", Baseline::Majority),
        (
            "bag of words (jieba words, TF-IDF, linear SVM)",
            Baseline::BagOfWords,
        ),
        (
            "char 1+2-gram TF-IDF, linear SVM alone (C = 0.5)",
            Baseline::Product(fixed(0.5, 0.0, false)),
        ),
        (
            "char 1+2-gram, SVM + CNB, C = 0.5, NB 0.5 (previous default)",
            Baseline::Product(previous.clone()),
        ),
        (
            "the same, class-balanced SVM costs",
            Baseline::Product(fixed(0.5, 0.5, true)),
        ),
        (
            "the same + chi-squared share of features by inner CV",
            Baseline::Product(ClassifierConfig {
                feature_fraction_grid: shipped.feature_fraction_grid.clone(),
                ..fixed(0.5, 0.5, true)
            }),
        ),
        (
            "with a jieba word block per field (else as shipped)",
            Baseline::Product(ClassifierConfig {
                grams: vec![Gram::Char1, Gram::Char2, Gram::Word],
                ..shipped.clone()
            }),
        ),
        (
            "shipped: balanced SVM + CNB, C, NB weight and share of features by inner CV",
            Baseline::Product(shipped.clone()),
        ),
    ];
    for (name, rows, k) in [
        ("legal areas (20), legal_consult_topics.csv", &legal, 10),
        ("legal areas (20), 5-fold", &legal, 5),
        ("gov messages (7), subject,detail", &gov, 10),
        ("gov messages (7), 5-fold", &gov, 5),
    ] {
        println!("\n### {name}: stratified {k}-fold CV, n = {}\n", rows.len());
        println!(
            "| method | accuracy | macro-F1 | abstained | accuracy when answered |\n|---|---|---|---|---|"
        );
        for (mname, m) in &methods {
            if k == 5 && !mname.starts_with("shipped") {
                continue;
            }
            let r = cross_validate(rows, k, 7, m).expect("cv");
            row(mname, &r);
        }
    }
    println!("\nrepeated stratified 10-fold CV, seeds 7, 8, 9 (accuracy per seed, mean):");
    for (name, rows) in [("legal areas", &legal), ("gov messages", &gov)] {
        for (mname, cfg) in [("previous default", &previous), ("shipped", &shipped)] {
            let accs: Vec<f64> = [7u64, 8, 9]
                .iter()
                .map(|&seed| {
                    cross_validate(rows, 10, seed, &Baseline::Product(cfg.clone()))
                        .expect("cv")
                        .mean
                        .accuracy
                        * 100.0
                })
                .collect();
            println!(
                "{name}, {mname}: {:.1}% / {:.1}% / {:.1}%, mean {:.1}%",
                accs[0],
                accs[1],
                accs[2],
                accs.iter().sum::<f64>() / 3.0
            );
        }
    }
    let gov1: Vec<_> = gov
        .iter()
        .map(|(f, l)| (vec![f.join("\n")], l.clone()))
        .collect();
    let r = cross_validate(&gov1, 10, 7, &Baseline::Product(shipped)).expect("cv");
    println!("\ngov messages with subject and detail joined into one field (10-fold):");
    row("shipped, one field", &r);
}

fn paraphrase(dir: &std::path::Path) {
    let pairs = read_pairs(&dir.join("lcqmc_dev.tsv")).expect("lcqmc");
    println!("\n### paraphrase, lcqmc_dev.tsv, n = {}\n", pairs.len());
    let t = std::time::Instant::now();
    let (mean, folds) = match_cross_validate(&pairs, 5, 7).expect("cv");
    println!(
        "model, stratified 5-fold CV: {:.1}% (folds {:?}) in {:.1?}",
        mean * 100.0,
        folds
            .iter()
            .map(|a| (a * 1000.0).round() / 10.0)
            .collect::<Vec<_>>(),
        t.elapsed()
    );
    let labels: Vec<bool> = pairs.iter().map(|p| p.2).collect();
    let folds = tongban_text::stratified_folds(&labels, 5, 7);
    let mut acc = 0.0;
    for f in 0..5 {
        let tr: Vec<_> = pairs
            .iter()
            .zip(&folds)
            .filter(|(_, g)| **g != f)
            .map(|(p, _)| p.clone())
            .collect();
        let te: Vec<_> = pairs
            .iter()
            .zip(&folds)
            .filter(|(_, g)| **g == f)
            .map(|(p, _)| p.clone())
            .collect();
        acc += cosine_baseline(&tr, &te).accuracy / 5.0;
    }
    println!(
        "baseline word TF-IDF cosine, same folds: {:.1}%",
        acc * 100.0
    );
    let (long, short) = long_short_split(&pairs);
    let pos = |v: &[(String, String, bool)]| {
        v.iter().filter(|p| p.2).count() as f64 / v.len() as f64 * 100.0
    };
    println!(
        "long→short split: train {} longer pairs ({:.0}% positive), test {} shorter ({:.0}% positive)",
        long.len(),
        pos(&long),
        short.len(),
        pos(&short)
    );
    let m = match_eval_with(&long, &short).expect("eval");
    println!(
        "  model: {:.1}% (threshold {:.3})",
        m.accuracy * 100.0,
        m.threshold
    );
    let c = cosine_baseline(&long, &short);
    println!(
        "  baseline cosine: {:.1}% (threshold {:.3})",
        c.accuracy * 100.0,
        c.threshold
    );
    let (short2, long2) = {
        let (l, s) = long_short_split(&pairs);
        (s, l)
    };
    let m = match_eval_with(&short2, &long2).expect("eval");
    println!(
        "short→long split (reverse): model {:.1}%",
        m.accuracy * 100.0
    );
}

fn repeats(dir: &std::path::Path) {
    let path = dir.join("gov_messages_unlabeled.csv");
    println!("\n### repeats, gov_messages_unlabeled.csv\n");
    for threshold in [0.3f32, 0.4, 0.5, 0.7] {
        let r = repeats_eval(&path, threshold, 0, 7).expect("repeats");
        println!(
            "threshold {threshold}: messages {}, users with >1 message {}, same-user pairs {}, flagged same-user pairs {} ({} users), flagged cross-user pairs {}, lookup {:.0} µs/message",
            r.messages,
            r.users_with_several,
            r.same_user_pairs,
            r.same_user_flagged,
            r.users_flagged,
            r.cross_user_flagged,
            r.lookup_us
        );
    }
    let r = repeats_eval(&path, 0.4, 50, 7).expect("repeats");
    println!("\nsample of 50 flagged same-user pairs at 0.4 (for a person to judge):");
    for (k, p) in r.sample.iter().enumerate() {
        println!(
            "{:2}. {} score {:.2}\n    A: {}\n    B: {}",
            k + 1,
            p.user,
            p.score,
            p.a,
            p.b
        );
    }
}

fn kb(dir: &std::path::Path) {
    let r = kb_eval(dir, 7).expect("kb");
    println!(
        "\n### KB retrieval: {} entries, built in {:.0} ms\n",
        r.kb_size, r.build_ms
    );
    println!(
        "| queries | n | top-1 | top-3 | answered right | answered wrong | handed over |\n|---|---|---|---|---|---|---|"
    );
    for q in &r.queries {
        let t = |v: f64| {
            if q.answerable {
                format!("{:.1}%", v * 100.0)
            } else {
                "—".into()
            }
        };
        println!(
            "| {} | {} | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
            q.kind,
            q.n,
            t(q.top1),
            t(q.top3),
            q.answered_right * 100.0,
            q.answered_wrong * 100.0,
            q.handed_over * 100.0
        );
    }
}
