//! Taking an action from the order page: the form becomes the API's action body, the
//! domain decides, and the page shows the result — or the reason for a refusal.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use serde_json::{Map, Value};
use tongban_app::orders::{self, ActionInput};
use tongban_domain::OrderId;
use tongban_domain::order::ActionName;

use super::detail;
use crate::AppState;
use crate::error::ApiError;
use crate::pages::error::PageResult;
use crate::pages::session::PageForm;

/// Form fields that are not text in the action bodies.
fn typed(key: &str, value: String) -> Value {
    match key {
        "valid" | "close" | "approve" | "reasonable" => {
            Value::Bool(matches!(value.as_str(), "true" | "on"))
        }
        "days" | "court_id" | "department_id" | "handler_id" | "target_id" => {
            // A number that does not parse stays text, so that the body parser names the field.
            value
                .trim()
                .parse::<i64>()
                .map_or(Value::String(value), Value::from)
        }
        _ => Value::String(value),
    }
}

fn body(pairs: Vec<(String, String)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .filter(|(k, v)| k != "_csrf" && k != "target_number" && !v.trim().is_empty())
        .map(|(k, v)| {
            let value = typed(&k, v);
            (k, value)
        })
        .collect()
}

pub async fn submit(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    PageForm { session, form }: PageForm<Vec<(String, String)>>,
) -> PageResult {
    let id = OrderId(id);
    let name = ActionName::from_code(&action);
    let target_number = form
        .iter()
        .find(|(k, v)| k == "target_number" && !v.trim().is_empty())
        .map(|(_, v)| v.clone());
    let mut body = body(form);
    let outcome = async {
        let name = name.ok_or_else(|| {
            tongban_domain::DomainError::not_found("unknown_action", "没有这项操作")
        })?;
        if let Some(number) = target_number {
            let target = orders::id_of(&state.app, &session.ctx, &number).await?;
            body.insert("target_id".into(), Value::from(target.0));
        }
        let input = ActionInput::parse(name, Value::Object(body))?;
        orders::act(&state.app, &session.ctx, id, input).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/orders/{}?done={action}", id.0)).into_response()),
        Err(error) => {
            let error = ApiError::from(error);
            let mut page = detail::build(&state, &session, id, false, name).await?;
            let label = name.map_or("操作", |n| n.label());
            let field = error
                .field()
                .map(|f| format!("（{f}）"))
                .unwrap_or_default();
            page.layout = page
                .layout
                .with_error(format!("“{label}”未能完成：{}{field}", error.message()));
            Ok((error.status(), page).into_response())
        }
    }
}
