//! Reading evaluation files: CSV/TSV with a header row, and JSON lines.

use std::path::Path;

use crate::error::TextError;

fn io_err(path: &Path, e: impl std::fmt::Display) -> TextError {
    TextError::Data {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Reads a delimited file with a header row; returns each row as `(fields, label)`, the fields
/// being the values of `text_columns` in order.
pub fn read_csv(
    path: &Path,
    delimiter: u8,
    text_columns: &[&str],
    label_column: &str,
) -> Result<Vec<(Vec<String>, String)>, TextError> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .quoting(delimiter != b'\t')
        .from_path(path)
        .map_err(|e| io_err(path, e))?;
    let headers = rdr.headers().map_err(|e| io_err(path, e))?.clone();
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == name)
            .ok_or_else(|| {
                io_err(
                    path,
                    format!(
                        "no column `{name}` (columns: {:?})",
                        headers.iter().collect::<Vec<_>>()
                    ),
                )
            })
    };
    let text_idx: Vec<usize> = text_columns
        .iter()
        .map(|c| col(c))
        .collect::<Result<_, _>>()?;
    let label_idx = col(label_column)?;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| io_err(path, e))?;
        let Some(label) = rec.get(label_idx) else {
            continue;
        };
        let fields = text_idx
            .iter()
            .map(|&i| rec.get(i).unwrap_or("").to_string())
            .collect();
        rows.push((fields, label.trim().to_string()));
    }
    Ok(rows)
}

/// Reads paraphrase pairs from a TSV `text_a, text_b, label` (header row optional).
pub fn read_pairs(path: &Path) -> Result<Vec<(String, String, bool)>, TextError> {
    let text = std::fs::read_to_string(path).map_err(|e| TextError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            continue;
        }
        match cols[2].trim() {
            "1" => out.push((cols[0].to_string(), cols[1].to_string(), true)),
            "0" => out.push((cols[0].to_string(), cols[1].to_string(), false)),
            _ if n == 0 => {} // header
            other => return Err(io_err(path, format!("line {}: label `{other}`", n + 1))),
        }
    }
    Ok(out)
}

/// Reads a JSON-lines file into JSON values.
pub fn read_jsonl(path: &Path) -> Result<Vec<serde_json::Value>, TextError> {
    let text = std::fs::read_to_string(path).map_err(|e| TextError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Ok(serde_json::from_str(l)?))
        .collect()
}
