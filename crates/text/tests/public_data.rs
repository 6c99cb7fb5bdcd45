//! Checks on the public evaluation data in `../shared/data` (read only, never copied); skipped
//! with a message when the data is absent.

use std::path::PathBuf;

use tongban_text::eval::*;

fn data_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("legal_consult_topics.csv").exists() {
        Some(dir)
    } else {
        eprintln!(
            "SKIPPED: no evaluation data at {} (public data lives outside the repository)",
            dir.display()
        );
        None
    }
}

#[test]
fn model_eval_runs_on_the_legal_file() {
    let Some(dir) = data_dir() else { return };
    // Train and test on the same file: a smoke test of the CLI path, not a figure.
    let e = model_eval(
        &dir.join("legal_consult_topics.csv"),
        &dir.join("legal_consult_topics.csv"),
        &["text"],
        "label",
    )
    .unwrap();
    assert_eq!(e.n, 300);
    assert!(e.accuracy > 0.9, "{e:?}");
    assert!((0.0..=1.0).contains(&e.abstained));
}

#[test]
fn gov_file_reads_two_text_columns() {
    let Some(dir) = data_dir() else { return };
    let rows = read_csv(
        &dir.join("gov_messages_labeled.csv"),
        b',',
        &["subject", "detail"],
        "label",
    )
    .unwrap();
    assert_eq!(rows.len(), 298);
    assert!(rows.iter().all(|r| r.0.len() == 2 && !r.1.is_empty()));
}

#[test]
fn lcqmc_pairs_have_a_header_and_both_labels() {
    let Some(dir) = data_dir() else { return };
    let pairs = read_pairs(&dir.join("lcqmc_dev.tsv")).unwrap();
    assert_eq!(pairs.len(), 8802);
    assert!(pairs.iter().any(|p| p.2) && pairs.iter().any(|p| !p.2));
}
