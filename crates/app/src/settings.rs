//! Settings administrators edit: the court's working hours and the supervision rules.
//! Each change is audited and takes effect at once in this instance (others reload their
//! rules within a minute).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use tongban_domain::DomainError;
use tongban_domain::supervision::SupervisionPolicy;
use tongban_domain::time::{Policy, WorkingHours};

use crate::org::require_admin;
use crate::rules::{HOURS_KEY, SUPERVISION_KEY, WARNING_KEY, WEBHOOK_KEY};
use crate::{App, AppError, Ctx, audit};

/// 工作时间: the morning window must end before the afternoon one starts.
pub async fn set_working_hours(app: &App, ctx: &Ctx, hours: WorkingHours) -> Result<(), AppError> {
    let (m, a) = (hours.morning, hours.afternoon);
    if !(m.0 < m.1 && m.1 <= a.0 && a.0 < a.1) {
        return Err(DomainError::invalid(
            "working_hours",
            "invalid_working_hours",
            "工作时间应为上午开始<上午结束≤下午开始<下午结束",
        )
        .into());
    }
    put(app, ctx, HOURS_KEY, &hours).await
}

/// 督办规则: each level's own deadline, and what counts as 反复提出.
pub async fn set_supervision_policy(
    app: &App,
    ctx: &Ctx,
    policy: SupervisionPolicy,
) -> Result<(), AppError> {
    policy.check()?;
    put(app, ctx, SUPERVISION_KEY, &policy).await
}

/// 办理时限 a new version of the deadline policy (SPEC §3's table by default): new orders are
/// registered under it, orders already registered keep theirs. Returns the new version.
pub async fn set_deadline_policy(app: &App, ctx: &Ctx, policy: Policy) -> Result<i64, AppError> {
    require_admin(ctx)?;
    if policy.rules.is_empty() {
        return Err(DomainError::invalid("rules", "invalid_policy", "时限规则不能为空").into());
    }
    let rules = app.rules();
    let (current, in_force) = (rules.policy_version, rules.policy.clone());
    let text = serde_json::to_string(&policy).expect("policies serialise");
    let (ctx, now) = (ctx.clone(), app.now());
    let version = app
        .writer()
        .write(move |tx| {
            Box::pin(async move {
                // The version in force is stored first, so that its orders keep it.
                let first = serde_json::to_string(&in_force).expect("policies serialise");
                tongban_store::policies::insert(tx, current, &first, now, None).await?;
                let next = current + 1;
                if !tongban_store::policies::insert(tx, next, &text, now, Some(ctx.actor.user_id))
                    .await?
                {
                    return Err(DomainError::conflict(
                        "policy_changed",
                        "时限规则刚被他人修改，请刷新后重试",
                    )
                    .into());
                }
                let detail = json!({"version": next, "policy": text});
                audit::record(
                    tx,
                    audit::fact(
                        &ctx,
                        now,
                        "settings.deadline_policy",
                        "deadline_policy",
                        Some(next),
                        detail,
                    ),
                )
                .await?;
                Ok::<_, AppError>(next)
            })
        })
        .await?;
    app.reload_rules().await?;
    Ok(version)
}

/// 外发通道 the webhook the outbox delivers to (`http://…`), or none.
pub async fn set_webhook(app: &App, ctx: &Ctx, url: Option<String>) -> Result<(), AppError> {
    let url = url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
    if url
        .as_deref()
        .is_some_and(|u| !u.starts_with("http://") || u.len() > 500)
    {
        return Err(DomainError::invalid(
            "url",
            "invalid_url",
            "外发地址应为 http:// 开头的网址（法院内网的短信网关或接收服务）",
        )
        .into());
    }
    put(app, ctx, WEBHOOK_KEY, &url).await
}

/// 即将超期 the share of a deadline after which the holder is warned and the light turns
/// yellow (0.75 by default); it applies to deadlines set from now on.
pub async fn set_warning_share(app: &App, ctx: &Ctx, share: f64) -> Result<(), AppError> {
    if !(0.1..=0.99).contains(&share) {
        return Err(
            DomainError::invalid("share", "invalid_share", "提醒比例应在0.1至0.99之间").into(),
        );
    }
    put(app, ctx, WARNING_KEY, &share).await
}

pub(crate) async fn put<T: Serialize + DeserializeOwned + Send + 'static>(
    app: &App,
    ctx: &Ctx,
    key: &'static str,
    value: &T,
) -> Result<(), AppError> {
    require_admin(ctx)?;
    let text = serde_json::to_string(value).expect("settings serialise");
    let (ctx, now) = (ctx.clone(), app.now());
    app.writer()
        .write(move |tx| {
            Box::pin(async move {
                tongban_store::settings::put(tx, key, &text, now).await?;
                let fact = audit::fact(
                    &ctx,
                    now,
                    &format!("settings.{key}"),
                    "settings",
                    None,
                    json!({"value": text}),
                );
                audit::record(tx, fact).await
            })
        })
        .await?;
    app.reload_rules().await
}
