//! 网上智能咨询 the virtual agent as a chat on the citizen portal. A citizen has no account: a
//! chat is opened with a random key that only the citizen's browser keeps (the database keeps
//! its SHA-256), so nobody reads or continues another person's conversation by guessing ids.
//! The number a citizen might type is never taken as proof of who they are, so the chat tells
//! nothing of a case (see `turn.rs`); what it cannot settle it hands over as a pre-filled portal
//! submission.

use sha2::{Digest, Sha256};
use tongban_store::hotline::assistant::{self as store, SessionRow, TurnRow};

use super::{Draft, TurnReply, respond};
use crate::{App, AppError};

/// What the citizen's browser keeps to reach its chat: `{id}.{key}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatKey {
    pub id: i64,
    key: String,
}

impl ChatKey {
    /// The cookie's value.
    pub fn token(&self) -> String {
        format!("{}.{}", self.id, self.key)
    }

    /// A cookie's value read back; anything malformed is no chat.
    pub fn parse(token: &str) -> Option<ChatKey> {
        let (id, key) = token.split_once('.')?;
        let well_formed = key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit());
        Some(ChatKey {
            id: id.parse().ok().filter(|id| *id > 0)?,
            key: key.to_string(),
        })
        .filter(|_| well_formed)
    }

    fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.key.as_bytes()))
    }
}

/// Opens a chat (channel web, no caller).
pub async fn open(app: &App) -> Result<ChatKey, AppError> {
    let key = format!("{:032x}", rand::random::<u128>());
    let digest = hex::encode(Sha256::digest(key.as_bytes()));
    let at = app.now().timestamp_millis();
    let id = app
        .writer()
        .write(move |tx| {
            Box::pin(async move { Ok::<_, AppError>(store::create_web(tx, &digest, at).await?) })
        })
        .await?;
    Ok(ChatKey { id, key })
}

async fn find(app: &App, chat: &ChatKey) -> Result<Option<SessionRow>, AppError> {
    let mut read = app.db().read().await?;
    Ok(store::get_web(&mut read.conn(), chat.id, &chat.digest()).await?)
}

/// The virtual agent's reply to what the citizen typed; `None` when the key opens no chat.
pub async fn say(app: &App, chat: &ChatKey, text: &str) -> Result<Option<TurnReply>, AppError> {
    match find(app, chat).await? {
        Some(session) => Ok(Some(respond(app, &session, text).await?)),
        None => Ok(None),
    }
}

/// The conversation so far, and the order pre-filled at the last hand-over; `None` when the
/// key opens no chat.
pub async fn conversation(
    app: &App,
    chat: &ChatKey,
) -> Result<Option<(Vec<TurnRow>, Option<Draft>)>, AppError> {
    let Some(session) = find(app, chat).await? else {
        return Ok(None);
    };
    let mut read = app.db().read().await?;
    let turns = store::turns(&mut read.conn(), session.id).await?;
    let draft = session
        .draft
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok());
    Ok(Some((turns, draft)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_tokens_are_read() {
        let key = ChatKey {
            id: 7,
            key: "0123456789abcdef0123456789abcdef".into(),
        };
        assert_eq!(ChatKey::parse(&key.token()), Some(key));
        assert_eq!(ChatKey::parse("7"), None);
        assert_eq!(ChatKey::parse("x.0123456789abcdef0123456789abcdef"), None);
        assert_eq!(ChatKey::parse("0.0123456789abcdef0123456789abcdef"), None);
        assert_eq!(ChatKey::parse("7.<script>"), None);
    }
}
