//! The JSON API under `/api/v1` and its OpenAPI document.

mod audit;
mod auth;
mod calendar;
mod extract;
pub(crate) mod hotline;
pub(crate) mod intel;
mod notifications;
pub(crate) mod orders;
mod org;
mod outbox;
mod stats;
mod supervisions;
mod test_clock;
pub(crate) mod views;

use tongban_app::bodies;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "tongban 通办 API",
        description = "法院群众诉求“一号通办”平台的 JSON 接口。Codes are English snake_case; \
            messages are Chinese; every error is `{\"error\": {\"code\", \"message\", \"field\"?}}`. \
            Authenticate with `Authorization: Bearer <token>` from `/api/v1/auth/login` or a personal API token."
    ),
    modifiers(&BearerAuth),
    components(schemas(
        bodies::Screen, bodies::Answer, bodies::Dispatch, bodies::Note, bodies::Reply,
        bodies::RequestExtension, bodies::DecideExtension, bodies::Reason, bodies::Reassign,
        bodies::Callback, bodies::RuleRating, bodies::Target
    )),
    tags(
        (name = "auth", description = "登录与令牌"),
        (name = "organisation", description = "法院、部门与人员"),
        (name = "orders", description = "工单：登记、查看、列表、办理"),
        (name = "audit", description = "审计日志"),
        (name = "intel", description = "智能：检索、分类建议、重复件、共性问题"),
        (name = "calendar", description = "法院工作日历与工作时间"),
        (name = "notifications", description = "站内提醒"),
        (name = "supervision", description = "三级督办：督办单、催办、反馈、办结、提级"),
        (name = "hotline", description = "12368热线：通话记录、回拨、来电弹屏、案件目录、热线统计"),
        (name = "knowledge", description = "知识库"),
        (name = "assistant", description = "虚拟坐席（智能语音、网上咨询）"),
        (name = "test", description = "仅在 --test-clock 模式下可用")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub fn router(state: &AppState) -> OpenApiRouter<AppState> {
    let router = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::me))
        .routes(routes!(auth::tokens, auth::create_token))
        .routes(routes!(auth::revoke_token))
        .routes(routes!(org::courts, org::create_court))
        .routes(routes!(org::departments, org::create_department))
        .routes(routes!(org::update_department))
        .routes(routes!(org::users, org::create_user))
        .routes(routes!(org::user, org::update_user))
        .routes(routes!(org::reset_password))
        .routes(routes!(orders::list, orders::register))
        .routes(routes!(orders::get))
        .routes(routes!(orders::personal_data))
        .routes(routes!(orders::act))
        .routes(routes!(audit::trail))
        .routes(routes!(intel::search))
        .routes(routes!(intel::triage))
        .routes(routes!(intel::order_triage))
        .routes(routes!(intel::similar))
        .routes(routes!(intel::models, intel::train))
        .routes(routes!(
            intel::retrain_schedule,
            intel::set_retrain_schedule
        ))
        .routes(routes!(stats::repeats))
        .routes(routes!(intel::topics))
        .routes(routes!(calendar::year, calendar::replace_year))
        .routes(routes!(calendar::set_day))
        .routes(routes!(
            calendar::working_hours,
            calendar::set_working_hours
        ))
        .routes(routes!(
            calendar::supervision_policy,
            calendar::set_supervision_policy
        ))
        .routes(routes!(
            calendar::deadline_policy,
            calendar::set_deadline_policy
        ))
        .routes(routes!(
            calendar::warning_share,
            calendar::set_warning_share
        ))
        .routes(routes!(outbox::list))
        .routes(routes!(outbox::replay))
        .routes(routes!(outbox::webhook, outbox::set_webhook))
        .routes(routes!(notifications::inbox))
        .routes(routes!(notifications::mark_read))
        .routes(routes!(supervisions::list))
        .routes(routes!(supervisions::get))
        .routes(routes!(supervisions::urge))
        .routes(routes!(supervisions::respond))
        .routes(routes!(supervisions::conclude))
        .routes(routes!(supervisions::raise))
        .routes(routes!(hotline::calls::record))
        .routes(routes!(hotline::calls::callbacks))
        .routes(routes!(hotline::calls::outcome))
        .routes(routes!(hotline::calls::caller_history))
        .routes(routes!(hotline::cases::import))
        .routes(routes!(hotline::cases::list))
        .routes(routes!(hotline::cases::get))
        .routes(routes!(
            hotline::knowledge::list,
            hotline::knowledge::create
        ))
        .routes(routes!(hotline::knowledge::import))
        .routes(routes!(hotline::knowledge::rebuild_index))
        .routes(routes!(hotline::knowledge::search))
        .routes(routes!(hotline::knowledge::get, hotline::knowledge::update))
        .routes(routes!(hotline::knowledge::set_status))
        .routes(routes!(hotline::assistant::start))
        .routes(routes!(hotline::assistant::turn))
        .routes(routes!(hotline::assistant::get))
        .routes(routes!(hotline::stats::hotline));
    if state.test_clock.is_some() {
        router.routes(routes!(test_clock::move_clock))
    } else {
        router
    }
}
