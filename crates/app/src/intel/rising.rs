//! 共性问题上升提醒 the rising-topic notice: the topics of the last seven days that grow
//! abnormally against the four weeks before (see [`super::topics`]) are told to the city's
//! service office — in its inbox, and through the outbound channel when one is configured —
//! once per topic (its defining word) per week.

use chrono::{DateTime, Duration, Utc};
use tongban_domain::order::Recipient;
use tongban_store::notifications::{self as inbox, NewNotification};
use tongban_store::{jobs, millis};

use super::schedule::week_of;
use super::topics::{self, Topic};
use crate::notifications::recipients;
use crate::outbox::{Outbound, enqueue_many};
use crate::{App, AppError, Ctx};

/// Looks for rising topics now and tells the service office of the new ones; returns how many
/// topics it told of.
pub(crate) async fn notify(app: &App, now: DateTime<Utc>) -> Result<usize, AppError> {
    let rising: Vec<Topic> = topics::topics(app, &Ctx::system(), now - Duration::days(7), now)
        .await?
        .into_iter()
        .filter(|t| t.rising)
        .collect();
    if rising.is_empty() {
        return Ok(0);
    }
    let (week, rules) = (millis(week_of(now)), app.rules());
    Ok(app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let office = recipients(tx, Recipient::ServiceOffice(None)).await?;
                let mut told = 0;
                for topic in &rising {
                    let count = topic.count as i64;
                    if !jobs::note_rising_topic(tx, week, &topic.keywords[0], count, millis(now))
                        .await?
                    {
                        continue;
                    }
                    let message = message(topic);
                    let rows: Vec<NewNotification> = office
                        .iter()
                        .map(|user| NewNotification {
                            user_id: *user,
                            order_id: None,
                            kind: "rising_topic",
                            message: &message,
                            at: now,
                        })
                        .collect();
                    inbox::insert_many(tx, &rows).await?;
                    let notice = Outbound {
                        kind: "rising_topic",
                        order: None,
                        users: &office,
                        message: &message,
                    };
                    enqueue_many(tx, &rules, &[notice], now).await?;
                    told += 1;
                }
                Ok::<_, AppError>(told)
            })
        })
        .await?)
}

fn message(topic: &Topic) -> String {
    format!(
        "共性问题上升：“{}”近7日{}件，按前四周水平预计约{:.0}件，请关注（见“共性问题”页）。",
        topic.keywords.join("、"),
        topic.count,
        topic.expected
    )
}
