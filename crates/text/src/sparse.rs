//! Sparse feature vectors (稀疏向量) with sorted indices.

use serde::{Deserialize, Serialize};

/// A sparse vector: strictly increasing `indices` and their `values`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct SparseVec {
    pub(crate) indices: Vec<u32>,
    pub(crate) values: Vec<f32>,
}

impl SparseVec {
    /// Builds from unsorted `(index, value)` pairs, summing duplicates.
    pub(crate) fn from_pairs(mut pairs: Vec<(u32, f32)>) -> Self {
        pairs.sort_unstable_by_key(|p| p.0);
        let mut v = SparseVec {
            indices: Vec::with_capacity(pairs.len()),
            values: Vec::with_capacity(pairs.len()),
        };
        for (i, x) in pairs {
            if v.indices.last() == Some(&i) {
                *v.values.last_mut().expect("non-empty") += x;
            } else {
                v.indices.push(i);
                v.values.push(x);
            }
        }
        v
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, f32)> + '_ {
        self.indices
            .iter()
            .copied()
            .zip(self.values.iter().copied())
    }

    pub(crate) fn norm_sq(&self) -> f32 {
        self.values.iter().map(|v| v * v).sum()
    }

    /// Dot product with a dense vector.
    pub(crate) fn dot_dense(&self, w: &[f32]) -> f32 {
        self.iter().map(|(i, x)| w[i as usize] * x).sum()
    }

    /// Dot product of two sparse vectors.
    pub(crate) fn dot(&self, other: &SparseVec) -> f32 {
        let (mut i, mut j, mut s) = (0, 0, 0.0);
        while i < self.indices.len() && j < other.indices.len() {
            match self.indices[i].cmp(&other.indices[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += self.values[i] * other.values[j];
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    }

    /// Scales the values in the range `from..` to unit L2 norm, then by `weight`.
    pub(crate) fn normalize_tail(&mut self, from: usize, weight: f32) {
        let n: f32 = self.values[from..]
            .iter()
            .map(|v| v * v)
            .sum::<f32>()
            .sqrt();
        if n > 0.0 {
            for v in &mut self.values[from..] {
                *v *= weight / n;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_dots() {
        let a = SparseVec::from_pairs(vec![(3, 1.0), (1, 2.0), (3, 1.0)]);
        assert_eq!(a.indices, vec![1, 3]);
        assert_eq!(a.values, vec![2.0, 2.0]);
        let b = SparseVec::from_pairs(vec![(3, 0.5), (7, 1.0)]);
        assert_eq!(a.dot(&b), 1.0);
        assert_eq!(a.dot_dense(&[0.0, 1.0, 0.0, 1.0]), 4.0);
    }
}
