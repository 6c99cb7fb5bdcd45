//! How many of the repeats the evaluated MinHash index finds the product's lookup finds too.
//! The product stores a content SimHash as four 16-bit band keys in the database; a candidate
//! shares a band and is at most 16 bits away, then the Jaccard of character bigrams decides
//! (≥ 0.5). Run: `cargo run --release -p tongban-text --example simhash_recall -- ../shared/data`

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use tongban_text::eval::read_csv;
use tongban_text::{NearDupConfig, NearDupIndex, SimHash, similarity};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap_or("../shared/data".into()));
    let csv = dir.join("gov_messages_unlabeled.csv");
    if !csv.exists() {
        println!("skipped: {} is absent", csv.display());
        return Ok(());
    }
    let rows = read_csv(&csv, b',', &["subject", "detail"], "user")?;
    let texts: Vec<String> = rows
        .iter()
        .map(|(f, _)| format!("{}\n{}", f[0], f[1]))
        .collect();
    let threshold = 0.5;
    // Reference: the evaluated MinHash LSH index.
    let mut index = NearDupIndex::new(NearDupConfig::default());
    for (i, t) in texts.iter().enumerate() {
        index.insert(i, t);
    }
    let mut reference = HashSet::new();
    for (i, t) in texts.iter().enumerate() {
        for (j, _) in index.query(t, threshold, 50) {
            if j > i {
                reference.insert((i, j));
            }
        }
    }
    // The product: SimHash band buckets, ≤ 16 bits, Jaccard ≥ 0.5.
    let hashes: Vec<SimHash> = texts.iter().map(|t| SimHash::of(t)).collect();
    let mut buckets: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, h) in hashes.iter().enumerate() {
        for key in h.band_keys() {
            buckets.entry(key).or_default().push(i);
        }
    }
    let mut product = HashSet::new();
    for (i, h) in hashes.iter().enumerate() {
        let candidates: HashSet<usize> = h
            .band_keys()
            .iter()
            .flat_map(|k| buckets[k].iter().copied())
            .filter(|&j| j > i && hashes[j].distance(*h) <= 16)
            .collect();
        for j in candidates {
            if similarity(&texts[i], &texts[j]) >= threshold {
                product.insert((i, j));
            }
        }
    }
    let same = |set: &HashSet<(usize, usize)>| {
        set.iter().filter(|(i, j)| rows[*i].1 == rows[*j].1).count()
    };
    println!(
        "pairs at Jaccard >= {threshold}: MinHash index {} ({} same user); product SimHash lookup {} ({} same user); found by both {}",
        reference.len(),
        same(&reference),
        product.len(),
        same(&product),
        reference.intersection(&product).count()
    );
    Ok(())
}
