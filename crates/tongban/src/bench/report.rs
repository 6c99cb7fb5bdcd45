//! Latency figures of a load run.

use std::time::Duration;

use serde::Serialize;

/// What a run measured; latencies in milliseconds.
#[derive(Debug, Serialize)]
pub struct Report {
    pub requests: usize,
    pub errors: usize,
    pub seconds: f64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl Report {
    pub fn of(mut latencies: Vec<Duration>, errors: usize, elapsed: Duration) -> Report {
        latencies.sort();
        let at = |q: f64| {
            latencies
                .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        Report {
            requests: latencies.len(),
            errors,
            seconds: elapsed.as_secs_f64(),
            per_second: latencies.len() as f64 / elapsed.as_secs_f64(),
            p50_ms: at(0.50),
            p90_ms: at(0.90),
            p99_ms: at(0.99),
            max_ms: latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
        }
    }

    /// A line for people, then the figures as JSON.
    pub fn print(&self, what: &str) {
        println!(
            "{what}: {} ok, {} errors in {:.1} s = {:.0}/s; p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            self.requests,
            self.errors,
            self.seconds,
            self.per_second,
            self.p50_ms,
            self.p90_ms,
            self.p99_ms,
            self.max_ms
        );
        println!(
            "{}",
            serde_json::to_string(self).expect("report serialises")
        );
    }
}
