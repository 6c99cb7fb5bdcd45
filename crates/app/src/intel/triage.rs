//! 分类 triage: suggestions of type, area, complexity, urgency and route for a text, with the
//! words that drove them and the model version that made them; similar earlier orders; the
//! training of new model versions and how their suggestions fared.

use std::sync::Arc;

use serde::Serialize;
use tongban_domain::codes::{AppealType, Area, Complexity, Role, Urgency};
use tongban_domain::order::may_see;
use tongban_domain::{DepartmentId, DomainError, OrderId};
use tongban_store::triage::{self as store, Field, Outcome};
use tongban_store::{millis, orders};
use tongban_text::Prediction;

use super::model::{FieldSummary, TriageModel};
use super::repeats::{self, Probe, Similar};
use crate::{App, AppError, Ctx};

/// The most recent screened orders a model learns from.
pub const MAX_TRAINING_EXAMPLES: i64 = 100_000;

/// What a text is triaged from: its content, and who or which case it concerns (optional,
/// for repeat detection).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TriageInput {
    pub content: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub case_number: Option<String>,
}

/// One suggested value.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestion {
    /// The code (e.g. `complaint`).
    pub value: String,
    /// Its Chinese name (投诉).
    pub label: String,
    /// Calibrated probability that it is right.
    pub confidence: f32,
    /// The words of the text that drove it, strongest first.
    pub words: Vec<String>,
}

/// The suggested route: which court's department should handle it.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Route {
    pub court_id: i64,
    pub department_id: i64,
    pub department: String,
    pub confidence: f32,
    pub words: Vec<String>,
}

/// Every field's suggestion; absent (null) below the confidence threshold or without a model.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suggestions {
    #[serde(rename = "type")]
    pub appeal_type: Option<Suggestion>,
    pub area: Option<Suggestion>,
    pub complexity: Option<Suggestion>,
    pub urgency: Option<Suggestion>,
    pub route: Option<Route>,
}

/// Suggestions and similar orders for a text.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Triage {
    /// The model version that made the suggestions (none: no model trained yet).
    pub model_version: Option<i64>,
    pub suggestions: Suggestions,
    pub similar: Vec<Similar>,
}

/// Triage of a text about to be registered.
pub async fn triage(app: &App, ctx: &Ctx, input: TriageInput) -> Result<Triage, AppError> {
    if input.content.trim().is_empty() {
        return Err(DomainError::invalid("content", "empty_content", "诉求内容不能为空").into());
    }
    let probe = Probe {
        content: input.content,
        phone: input.phone,
        id_number: input.id_number,
        case_number: input.case_number,
        exclude: None,
    };
    triage_probe(app, ctx, probe).await
}

/// Triage of a registered order (for screening): fresh suggestions and its similar orders.
pub async fn of_order(app: &App, ctx: &Ctx, id: OrderId) -> Result<Triage, AppError> {
    let order = {
        let mut read = app.db().read().await?;
        orders::get(&mut read.conn(), id)
            .await?
            .filter(|o| may_see(&ctx.actor, o))
            .ok_or_else(DomainError::order_not_found)?
    };
    app.intel().indexer().sync(app).await?;
    let probe = Probe {
        content: order.content.clone(),
        phone: order.appellant.phone.as_ref().map(|p| p.to_string()),
        id_number: order.appellant.id_number.as_ref().map(|p| p.to_string()),
        case_number: order.case_number.as_ref().map(|c| c.to_string()),
        exclude: Some(id),
    };
    triage_probe(app, ctx, probe).await
}

async fn triage_probe(app: &App, ctx: &Ctx, probe: Probe) -> Result<Triage, AppError> {
    let model = app.intel().model();
    let predictions = model.as_ref().map(|(_, m)| m.predict(&probe.content));
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let mut suggestions = Suggestions::default();
    if let Some(p) = predictions {
        suggestions.appeal_type = suggest(p.appeal_type, |c| {
            AppealType::from_code(c).map(|v| v.label())
        });
        suggestions.area = suggest(p.area, |c| Area::from_code(c).map(|v| v.label()));
        suggestions.complexity = suggest(p.complexity, |c| {
            Complexity::from_code(c).map(|v| v.label())
        });
        suggestions.urgency = suggest(p.urgency, |c| Urgency::from_code(c).map(|v| v.label()));
        if let Some((p, id)) = p.route.and_then(|p| {
            p.label
                .clone()
                .and_then(|l| l.parse().ok())
                .map(|id| (p, id))
        }) && let Some(department) =
            tongban_store::org::department(conn, DepartmentId(id)).await?
        {
            suggestions.route = Some(Route {
                court_id: department.court_id.0,
                department_id: department.id.0,
                department: department.name,
                confidence: p.confidence,
                words: words_of(&p),
            });
        }
    }
    let similar = repeats::find(conn, &ctx.actor.scope(), &probe, app.now()).await?;
    Ok(Triage {
        model_version: model.map(|(v, _)| v),
        suggestions,
        similar,
    })
}

fn suggest(p: Option<Prediction>, label: fn(&str) -> Option<&'static str>) -> Option<Suggestion> {
    let p = p?;
    let value = p.label.clone()?;
    Some(Suggestion {
        label: label(&value).unwrap_or_default().to_string(),
        value,
        confidence: p.confidence,
        words: words_of(&p),
    })
}

fn words_of(p: &Prediction) -> Vec<String> {
    p.top_words.iter().take(5).map(|(w, _)| w.clone()).collect()
}

/// A trained and stored model version.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Trained {
    pub version: i64,
    pub trained_on: usize,
    pub fields: Vec<FieldSummary>,
}

/// 训练 trains a new model version from the screened orders and makes it the active one.
/// The service office and administrators may.
pub async fn train(app: &App, ctx: &Ctx) -> Result<Trained, AppError> {
    if !ctx.actor.has_any(&[Role::Admin, Role::ServiceOffice]) && ctx.actor.user_id.0 != 0 {
        return Err(DomainError::forbidden(
            "train_forbidden",
            "只有诉求服务处和管理员可以训练分类模型",
        )
        .into());
    }
    let examples = {
        let mut read = app.db().read().await?;
        store::examples(&mut read.conn(), MAX_TRAINING_EXAMPLES).await?
    };
    let trained_on = examples.len();
    let (model, fields) = tokio::task::spawn_blocking(move || TriageModel::train(&examples))
        .await
        .map_err(|_| AppError::Unavailable)?;
    if fields.is_empty() {
        return Err(DomainError::invalid(
            "examples",
            "too_few_examples",
            "已甄别的工单太少，无法训练模型（每项至少需要20件、两个以上类别）",
        )
        .into());
    }
    let summary = serde_json::to_string(&fields).map_err(|e| AppError::Store(corrupt(e)))?;
    let json = serde_json::to_string(&model).map_err(|e| AppError::Store(corrupt(e)))?;
    let at = millis(app.now());
    let version = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                let version =
                    store::insert_model(tx, at, trained_on as i64, &summary, &json).await?;
                Ok::<_, AppError>(version)
            })
        })
        .await?;
    app.intel().set_model(version, Arc::new(model));
    Ok(Trained {
        version,
        trained_on,
        fields,
    })
}

fn corrupt(e: serde_json::Error) -> tongban_store::StoreError {
    tongban_store::StoreError::Corrupt(e.to_string())
}

/// One model version and how its suggestions fared.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelInfo {
    pub version: i64,
    pub trained_at: chrono::DateTime<chrono::Utc>,
    pub trained_on: i64,
    pub active: bool,
    /// How each field did on held-out orders when trained.
    pub fields: Vec<FieldSummary>,
    /// Per field: suggestions made for registered orders, accepted and overridden at screening.
    pub outcomes: Vec<FieldOutcome>,
}

/// Suggestions of one field and what staff did with them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldOutcome {
    pub field: &'static str,
    pub suggested: i64,
    pub accepted: i64,
    pub overridden: i64,
}

/// Every model version, newest first, with the fate of its suggestions.
pub async fn models(app: &App, _ctx: &Ctx) -> Result<Vec<ModelInfo>, AppError> {
    let mut read = app.db().read().await?;
    let conn = &mut read.conn();
    let mut infos = Vec::new();
    for row in store::models(conn).await? {
        let mut outcomes = Vec::new();
        for field in Field::ALL {
            let Outcome {
                suggested,
                accepted,
                overridden,
            } = store::outcome(conn, row.version, field).await?;
            outcomes.push(FieldOutcome {
                field: field_name(field),
                suggested,
                accepted,
                overridden,
            });
        }
        infos.push(ModelInfo {
            version: row.version,
            trained_at: tongban_store::instant(row.trained_at)?,
            trained_on: row.trained_on,
            active: row.active,
            fields: serde_json::from_str(&row.summary).unwrap_or_default(),
            outcomes,
        });
    }
    Ok(infos)
}

fn field_name(field: Field) -> &'static str {
    match field {
        Field::AppealType => "type",
        Field::Area => "area",
        Field::Complexity => "complexity",
        Field::Urgency => "urgency",
        Field::Department => "route",
    }
}
