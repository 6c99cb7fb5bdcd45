//! 限流 the per-address limit on the portal's POSTs: a fixed window per client address,
//! counted in memory. Entries of past windows are pruned once per window, and the table is
//! capped, so a flood from many addresses cannot make it grow without bound.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;

use super::message;

/// The most addresses tracked at once; beyond it new addresses wait for the next pruning.
const MAX_CLIENTS: usize = 100_000;

/// One address's window: when it started and how many POSTs it has seen.
struct Window {
    started: Instant,
    count: u32,
}

struct Windows {
    by_client: HashMap<IpAddr, Window>,
    pruned_at: Instant,
}

/// At most `limit` requests per client address and `window`.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    max_clients: usize,
    windows: Mutex<Windows>,
}

/// The address a limit applies to: an IPv6 client usually holds a whole /64, so it counts
/// as one; an IPv4 address written as IPv6 counts as the IPv4 address.
fn client(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from_bits(v6.to_bits() & !(u128::MAX >> 64))),
        },
        v4 => v4,
    }
}

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        Self::with_capacity(limit, window, MAX_CLIENTS)
    }

    fn with_capacity(limit: u32, window: Duration, max_clients: usize) -> RateLimiter {
        let windows = Windows {
            by_client: HashMap::new(),
            pruned_at: Instant::now(),
        };
        RateLimiter {
            limit,
            window,
            max_clients,
            windows: Mutex::new(windows),
        }
    }

    /// Counts one request of `ip` at `now`; refused with the time to wait when over the limit.
    pub fn allow(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let window = self.window;
        if now.saturating_duration_since(windows.pruned_at) >= window {
            windows
                .by_client
                .retain(|_, w| now.saturating_duration_since(w.started) < window);
            windows.pruned_at = now;
        }
        let key = client(ip);
        if !windows.by_client.contains_key(&key) && windows.by_client.len() >= self.max_clients {
            return Err(window.saturating_sub(now.saturating_duration_since(windows.pruned_at)));
        }
        let entry = windows.by_client.entry(key).or_insert(Window {
            started: now,
            count: 0,
        });
        let elapsed = now.saturating_duration_since(entry.started);
        if elapsed >= window {
            *entry = Window {
                started: now,
                count: 0,
            };
        } else if entry.count >= self.limit {
            return Err(window - elapsed);
        }
        entry.count += 1;
        Ok(())
    }
}

/// The middleware: POSTs over the limit are answered 429 and go no further; pages are free.
pub async fn posts(
    State(limiter): State<Arc<RateLimiter>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    // Served without connection info (never by `serve`), every caller shares one count.
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |ConnectInfo(peer)| {
            peer.ip()
        });
    match limiter.allow(ip, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(wait) => message::too_many(wait),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: Duration = Duration::from_secs(60);

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_request_over_the_limit_waits_for_the_next_window() {
        let limiter = RateLimiter::new(3, MINUTE);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.allow(ip("10.0.0.1"), start).is_ok());
        }
        let wait = limiter
            .allow(ip("10.0.0.1"), start + Duration::from_secs(20))
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        assert!(
            limiter.allow(ip("10.0.0.2"), start).is_ok(),
            "another address has its own count"
        );
        assert!(limiter.allow(ip("10.0.0.1"), start + MINUTE).is_ok());
    }

    #[test]
    fn an_ipv6_slash_64_counts_as_one_client() {
        let limiter = RateLimiter::new(1, MINUTE);
        let now = Instant::now();
        assert!(limiter.allow(ip("2001:db8:1:2::1"), now).is_ok());
        assert!(limiter.allow(ip("2001:db8:1:2:ffff::9"), now).is_err());
        assert!(limiter.allow(ip("2001:db8:1:3::1"), now).is_ok());
        assert!(limiter.allow(ip("::ffff:10.0.0.1"), now).is_ok());
        assert!(
            limiter.allow(ip("10.0.0.1"), now).is_err(),
            "IPv4-mapped is the IPv4 address"
        );
    }

    #[test]
    fn the_table_is_capped_and_pruned() {
        let limiter = RateLimiter::with_capacity(5, MINUTE, 2);
        let now = Instant::now();
        assert!(limiter.allow(ip("10.0.0.1"), now).is_ok());
        assert!(limiter.allow(ip("10.0.0.2"), now).is_ok());
        assert!(
            limiter.allow(ip("10.0.0.3"), now).is_err(),
            "full: new addresses wait"
        );
        assert!(
            limiter.allow(ip("10.0.0.1"), now).is_ok(),
            "known addresses keep their count"
        );
        let later = now + MINUTE;
        assert!(limiter.allow(ip("10.0.0.3"), later).is_ok());
        let windows = limiter.windows.lock().unwrap();
        assert_eq!(windows.by_client.len(), 1, "past windows are pruned");
    }
}
