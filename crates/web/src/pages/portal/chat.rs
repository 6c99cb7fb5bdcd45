//! 智能咨询 the virtual agent as a chat on the portal. With htmx each question is answered by
//! the new exchange alone, appended to the conversation; without JavaScript the form posts and
//! the page comes back with the whole conversation. The chat's key lives in its own cookie
//! (HttpOnly, SameSite=Strict, Path=/portal); a chat is opened by the first question, not by
//! a visit.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tongban_app::hotline::assistant::TurnReply;
use tongban_app::hotline::assistant::chat::{self, ChatKey};
use tongban_domain::hotline::AssistantAction;
use tongban_store::hotline::assistant::TurnRow;

use super::csrf::{PageToken, PortalForm, https};
use super::frame::Frame;
use super::message;
use crate::AppState;
use crate::auth::cookie;
use crate::error::ApiError;

const COOKIE: &str = "portal_chat";
/// The longest question (the virtual agent reads up to 2,000 characters).
const MAX_TEXT: usize = 500;

/// One question and its answer.
pub struct Exchange {
    text: String,
    reply: String,
    /// Handed over: the page offers the pre-filled submission.
    handover: bool,
    /// Answered from the knowledge base.
    answer: bool,
}

impl Exchange {
    fn of(text: String, reply: String, action: &str) -> Exchange {
        Exchange {
            text,
            reply,
            handover: action == AssistantAction::Handover.code(),
            answer: action == AssistantAction::Answer.code(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/chat.html")]
struct ChatPage {
    frame: Frame,
    csrf: String,
    exchanges: Vec<Exchange>,
    text: String,
    error: Option<String>,
    max_text: usize,
}

impl ChatPage {
    fn new(csrf: String, exchanges: Vec<Exchange>) -> ChatPage {
        ChatPage {
            frame: Frame::new("智能咨询", "/portal/chat"),
            csrf,
            exchanges,
            text: String::new(),
            error: None,
            max_text: MAX_TEXT,
        }
    }
}

/// The exchange htmx appends (or, on a 422, the message).
#[derive(Template, WebTemplate)]
#[template(path = "portal/chat_turn.html")]
struct ExchangeFragment {
    exchange: Option<Exchange>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Question {
    text: String,
}

/// The visitor's chat key, if their cookie holds a well-formed one.
pub(super) fn key_of(headers: &HeaderMap) -> Option<ChatKey> {
    cookie(headers, COOKIE).and_then(ChatKey::parse)
}

async fn exchanges(state: &AppState, key: Option<&ChatKey>) -> Result<Vec<Exchange>, ApiError> {
    let Some(key) = key else {
        return Ok(Vec::new());
    };
    let turns = chat::conversation(&state.app, key)
        .await?
        .map(|(turns, _)| turns)
        .unwrap_or_default();
    Ok(turns
        .into_iter()
        .map(
            |TurnRow {
                 text,
                 reply,
                 action,
                 ..
             }| Exchange::of(text, reply, &action),
        )
        .collect())
}

pub async fn page(State(state): State<AppState>, headers: HeaderMap, token: PageToken) -> Response {
    match exchanges(&state, key_of(&headers).as_ref()).await {
        Ok(exchanges) => token.attach(ChatPage::new(token.value.clone(), exchanges)),
        Err(error) => message::failure(error),
    }
}

pub async fn say(
    State(state): State<AppState>,
    headers: HeaderMap,
    posted: PortalForm<Question>,
) -> Response {
    let htmx = headers.contains_key("hx-request");
    let text = posted.form.text.trim().to_string();
    let fault = match text.chars().count() {
        0 => Some("请输入您想咨询的问题".to_string()),
        n if n > MAX_TEXT => Some(format!("每次最多输入 {MAX_TEXT} 字，现有 {n} 字")),
        _ => None,
    };
    if let Some(fault) = fault {
        if htmx {
            let fragment = ExchangeFragment {
                exchange: None,
                error: Some(fault),
            };
            return (StatusCode::UNPROCESSABLE_ENTITY, fragment).into_response();
        }
        let exchanges = match exchanges(&state, key_of(&headers).as_ref()).await {
            Ok(exchanges) => exchanges,
            Err(error) => return message::failure(error),
        };
        let page = ChatPage {
            text,
            error: Some(fault),
            ..ChatPage::new(posted.csrf, exchanges)
        };
        return (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
    }
    match answer(&state, key_of(&headers), &text).await {
        Ok((key, reply)) => {
            let mut response = if htmx {
                ExchangeFragment {
                    exchange: Some(Exchange::of(text, reply.reply, reply.action.code())),
                    error: None,
                }
                .into_response()
            } else {
                Redirect::to("/portal/chat#latest").into_response()
            };
            let secure = if https(&headers) { "; Secure" } else { "" };
            let cookie = format!(
                "{COOKIE}={}; Path=/portal; HttpOnly; SameSite=Strict{secure}",
                key.token()
            );
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => message::failure(error),
    }
}

/// The reply in the visitor's chat, opening one when they have none (or an unknown one).
async fn answer(
    state: &AppState,
    key: Option<ChatKey>,
    text: &str,
) -> Result<(ChatKey, TurnReply), ApiError> {
    if let Some(key) = key
        && let Some(reply) = chat::say(&state.app, &key, text).await?
    {
        return Ok((key, reply));
    }
    let key = chat::open(&state.app).await?;
    let reply = chat::say(&state.app, &key, text)
        .await?
        .ok_or_else(|| ApiError::new(StatusCode::NOT_FOUND, "session_not_found", "会话不存在"))?;
    Ok((key, reply))
}

/// 开始新的咨询: forgets the chat in this browser (it stays on record for the court).
pub async fn restart(_: PortalForm<Question>) -> Response {
    let mut response = Redirect::to("/portal/chat").into_response();
    let cookie = format!("{COOKIE}=; Path=/portal; HttpOnly; SameSite=Strict; Max-Age=0");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
