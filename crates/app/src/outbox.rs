//! 外发通道 the pluggable outbound channel (a webhook; an SMS gateway would be another
//! [`Channel`]) and the deliverer of the durable outbox: messages are written in the
//! transaction of the change that causes them, claimed with a lease, delivered at least once,
//! retried with exponential backoff, and dead after [`MAX_ATTEMPTS`] until an administrator
//! replays them.

use chrono::{DateTime, Duration, Utc};
use futures::future::BoxFuture;
use serde_json::json;
use tongban_domain::{DomainError, OrderId, UserId};
use tongban_store::Tx;
use tongban_store::outbox::{self as store, Message};

use crate::org::require_admin;
use crate::{App, AppError, Ctx, Rules, audit};

/// Failed attempts after which a message is dead.
pub const MAX_ATTEMPTS: i64 = 5;
/// How long a claimed message is left alone by other deliverers.
const LEASE_SECONDS: i64 = 60;
/// The first retry waits this long; each further one twice as long.
const FIRST_RETRY_SECONDS: i64 = 30;

/// An outbound channel.
pub trait Channel: Send + Sync {
    /// Delivers one message; Err with the reason when the other side did not take it.
    fn deliver<'a>(&'a self, payload: &'a str) -> BoxFuture<'a, Result<(), String>>;
}

/// POSTs each message as JSON to a URL; any 2xx answer means delivered.
pub struct Webhook {
    url: String,
    client: reqwest::Client,
}

impl Webhook {
    pub fn new(url: &str) -> Webhook {
        Webhook {
            url: url.to_string(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(5))
                .build()
                .expect("an HTTP client"),
        }
    }
}

impl Channel for Webhook {
    fn deliver<'a>(&'a self, payload: &'a str) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let answer = self
                .client
                .post(&self.url)
                .header("content-type", "application/json")
                .body(payload.to_string())
                .send()
                .await
                .map_err(|e| format!("无法连接：{e}"))?;
            if answer.status().is_success() {
                Ok(())
            } else {
                Err(format!("对方答复 HTTP {}", answer.status().as_u16()))
            }
        })
    }
}

/// A notice for the outbound channel.
pub(crate) struct Outbound<'a> {
    pub kind: &'a str,
    pub order: Option<(OrderId, &'a str)>,
    pub users: &'a [UserId],
    pub message: &'a str,
}

/// Queues notices for the outbound channel, when one is configured, in `tx` (one statement
/// per thousand).
pub(crate) async fn enqueue_many(
    tx: &mut Tx,
    rules: &Rules,
    notices: &[Outbound<'_>],
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    if rules.webhook.is_none() {
        return Ok(());
    }
    let payloads: Vec<String> = notices
        .iter()
        .filter(|n| !n.users.is_empty())
        .map(|n| {
            json!({
                "kind": n.kind,
                "order_id": n.order.map(|(id, _)| id.0),
                "order_number": n.order.map(|(_, number)| number),
                "users": n.users.iter().map(|u| u.0).collect::<Vec<_>>(),
                "message": n.message,
                "at": at.to_rfc3339(),
            })
            .to_string()
        })
        .collect();
    store::enqueue_many(tx, "webhook", &payloads, at).await?;
    Ok(())
}

/// Delivers the messages that are due; returns how many were delivered.
pub async fn deliver_due(app: &App) -> Result<usize, AppError> {
    let Some(url) = app.rules().webhook.clone() else {
        return Ok(0);
    };
    let channel = Webhook::new(&url);
    let mut delivered = 0;
    loop {
        let now = app.now();
        let claimed = app
            .writer()
            .write(move |tx| {
                Box::pin(async move {
                    let lease = now + Duration::seconds(LEASE_SECONDS);
                    Ok::<_, AppError>(store::claim(tx, now, lease, 50).await?)
                })
            })
            .await?;
        if claimed.is_empty() {
            return Ok(delivered);
        }
        let mut outcomes: Vec<(i64, Result<(), String>, i64)> = Vec::new();
        for message in &claimed {
            outcomes.push((
                message.id,
                channel.deliver(&message.payload).await,
                message.attempts,
            ));
        }
        delivered += outcomes.iter().filter(|o| o.1.is_ok()).count();
        let now = app.now();
        app.writer()
            .write(move |tx| {
                Box::pin(async move {
                    for (id, outcome, attempts) in &outcomes {
                        let settled = match outcome {
                            Ok(()) => Ok(()),
                            Err(error) => Err((error.as_str(), retry_at(now, *attempts))),
                        };
                        store::settle(tx, *id, settled, now).await?;
                    }
                    Ok::<_, AppError>(())
                })
            })
            .await?;
    }
}

/// When to try again after the `attempts`th failure; None when the message is dead.
fn retry_at(now: DateTime<Utc>, attempts: i64) -> Option<DateTime<Utc>> {
    (attempts < MAX_ATTEMPTS)
        .then(|| now + Duration::seconds(FIRST_RETRY_SECONDS << (attempts - 1).clamp(0, 20)))
}

/// The outbox for administrators: messages in a status (`pending`, `delivered`, `dead`).
pub async fn list(
    app: &App,
    ctx: &Ctx,
    status: Option<&str>,
    limit: i64,
) -> Result<(Vec<Message>, i64), AppError> {
    require_admin(ctx)?;
    let mut read = app.db().read().await?;
    Ok(store::list(&mut read.conn(), status, limit.clamp(1, 500)).await?)
}

/// Puts a dead message back in line (administrators).
pub async fn replay(app: &App, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    require_admin(ctx)?;
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                if !store::replay(tx, id, now).await? {
                    return Err(
                        DomainError::conflict("not_dead", "只有投递失败的消息可以重发").into(),
                    );
                }
                audit::record(
                    tx,
                    audit::fact(&ctx, now, "outbox.replay", "outbox", Some(id), json!({})),
                )
                .await
            })
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_the_message_is_dead() {
        let now = Utc::now();
        assert_eq!(retry_at(now, 1), Some(now + Duration::seconds(30)));
        assert_eq!(retry_at(now, 2), Some(now + Duration::seconds(60)));
        assert_eq!(retry_at(now, 4), Some(now + Duration::seconds(240)));
        assert_eq!(retry_at(now, MAX_ATTEMPTS), None);
    }
}
