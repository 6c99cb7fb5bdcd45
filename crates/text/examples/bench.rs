//! Timing figures for BENCHMARKS.md (release mode, one thread).
//!
//! `cargo run --release -p tongban-text --example bench -- ../shared/data`
//!
//! Texts come from the public evaluation files (read, never stored); labels are synthetic
//! (derived from a hash), which is the slow case for training.

use std::path::PathBuf;
use std::time::Instant;

use tongban_text::eval::{read_jsonl, read_pairs};
use tongban_text::{
    Classifier, ClassifierConfig, KbConfig, KbEntry, KbIndex, NearDupConfig, NearDupIndex,
};

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn label(text: &str, k: usize) -> String {
    let h = text.bytes().fold(0u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01B3)
    });
    format!("L{}", h % k as u64)
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let Ok(pairs) = read_pairs(&dir.join("lcqmc_dev.tsv")) else {
        eprintln!(
            "no evaluation data in {} — nothing to measure",
            dir.display()
        );
        return;
    };
    let gov = read_jsonl(&dir.join("gov_messages_with_replies.jsonl")).expect("gov");
    let s = |v: &serde_json::Value, k: &str| {
        v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string()
    };
    let sentences: Vec<String> = pairs
        .iter()
        .flat_map(|p| [p.0.clone(), p.1.clone()])
        .collect();
    let details: Vec<String> = gov.iter().map(|g| s(g, "detail")).collect();
    // 100,000 short texts: one or two sentences, sometimes with a clause of a citizen message.
    let texts: Vec<String> = (0..100_000usize)
        .map(|i| {
            let a = &sentences[i % sentences.len()];
            let b = &sentences[(i * 7919 + 13) % sentences.len()];
            let d: String = details[i % details.len()]
                .chars()
                .skip((i / details.len()) % 40)
                .take(30)
                .collect();
            match i % 3 {
                0 => format!("{a}{b}"),
                1 => format!("{a}{d}"),
                _ => format!("{d}{b}"),
            }
        })
        .collect();
    let mean_len =
        texts.iter().map(|t| t.chars().count()).sum::<usize>() as f64 / texts.len() as f64;
    println!("texts: {} (mean {:.0} characters)", texts.len(), mean_len);

    for n in [10_000usize, 100_000] {
        let ex: Vec<(&str, String)> = texts[..n]
            .iter()
            .map(|t| (t.as_str(), label(t, 9)))
            .collect();
        let ex: Vec<(&str, &str)> = ex.iter().map(|(t, l)| (*t, l.as_str())).collect();
        let t = Instant::now();
        let m = Classifier::train(&ex, &ClassifierConfig::default()).expect("train");
        println!(
            "train {n} texts, 9 labels (with 3-fold calibration): {:.1} s; model JSON {:.1} MB",
            t.elapsed().as_secs_f64(),
            m.to_json().unwrap().len() as f64 / 1e6
        );
    }

    // Four triage classifiers trained on 20,000 texts.
    let train = &texts[..20_000];
    let model = |k: usize| {
        let ex: Vec<(&str, String)> = train
            .iter()
            .map(|t| (t.as_str(), label(&format!("{k}{t}"), k)))
            .collect();
        let ex: Vec<(&str, &str)> = ex.iter().map(|(t, l)| (*t, l.as_str())).collect();
        Classifier::train(&ex, &ClassifierConfig::default()).expect("train")
    };
    let (kind, area, complexity, urgency) = (model(9), model(20), model(3), model(2));
    let probe = &texts[50_000..60_000];
    for round in 0..3 {
        let t = Instant::now();
        for x in probe {
            std::hint::black_box(area.predict_index(&[x]));
        }
        let fast = probe.len() as f64 / t.elapsed().as_secs_f64();
        let t = Instant::now();
        for x in probe {
            std::hint::black_box(area.predict(x));
        }
        let full = probe.len() as f64 / t.elapsed().as_secs_f64();
        println!(
            "round {round}: classify (20 labels) {fast:.0} texts/s without explanation, {full:.0} texts/s with top words"
        );
    }

    let mut index = NearDupIndex::new(NearDupConfig::default());
    for (i, t) in texts.iter().enumerate() {
        index.insert(i, t);
    }
    let mut lat = Vec::new();
    for x in &texts[60_000..65_000] {
        let t = Instant::now();
        for m in [&kind, &area, &complexity, &urgency] {
            std::hint::black_box(m.predict(x));
        }
        std::hint::black_box(index.query(x, 0.5, 10));
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "triage (4 classifiers with top words) + near-duplicate lookup in 100,000 texts: median {:.3} ms, p99 {:.3} ms",
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.99)
    );

    // Knowledge base of 10,000 entries.
    let entries: Vec<KbEntry> = (0..10_000usize)
        .map(|i| KbEntry {
            id: i.to_string(),
            question: sentences[(i * 31) % sentences.len()].clone(),
            alternatives: vec![sentences[(i * 31 + 1) % sentences.len()].clone()],
            answer: s(&gov[i % gov.len()], "reply").chars().take(200).collect(),
        })
        .collect();
    let t = Instant::now();
    let kb = KbIndex::build(entries, KbConfig::default());
    println!(
        "KB build, 10,000 entries (with calibration): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let mut lat = Vec::new();
    for i in 0..2_000usize {
        let q = if i % 2 == 0 {
            &sentences[(i * 31) % sentences.len()]
        } else {
            &texts[i]
        };
        let t = Instant::now();
        std::hint::black_box(kb.search(q, 3));
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    println!(
        "KB search top 3 in 10,000 entries: median {:.3} ms, p99 {:.3} ms",
        pct(&mut lat, 0.5),
        pct(&mut lat, 0.99)
    );
}
