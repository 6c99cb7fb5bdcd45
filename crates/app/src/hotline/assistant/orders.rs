//! The orders the virtual agent makes: a contact-the-judge request routed straight to the judge
//! of the case, and an appeal registered for the caller.

use tongban_domain::codes::{AppealType, Area, Channel, Complexity, Urgency};
use tongban_domain::hotline::AssistantAction;
use tongban_domain::order::WorkOrder;
use tongban_domain::values::{CaseNo, Phone};
use tongban_domain::{Actor, UserId};
use tongban_store::hotline::cases::StoredCase;

use super::TurnReply;
use crate::orders::{
    ActionInput, AppellantInput, RegisterInput, act, bodies, register as register_order,
};
use crate::{App, AppError, Ctx};

/// The virtual agent acting: the system, under its own name in timelines and the audit log.
fn assistant() -> Ctx {
    Ctx::new(
        Actor {
            username: "虚拟坐席".into(),
            ..Actor::system()
        },
        None,
    )
}

/// An order the virtual agent registers.
struct NewOrder<'a> {
    name: &'a str,
    phone: Option<&'a Phone>,
    channel: Channel,
    content: &'a str,
    case: Option<&'a CaseNo>,
    appeal_type: AppealType,
    area: Option<Area>,
    court_id: Option<i64>,
}

async fn new_order(app: &App, o: NewOrder<'_>) -> Result<WorkOrder, AppError> {
    let input = RegisterInput {
        channel: o.channel,
        appellant: AppellantInput {
            name: o.name.to_string(),
            phone: o.phone.map(Phone::to_string),
            id_number: None,
            address: None,
        },
        content: o.content.to_string(),
        case_number: o.case.map(CaseNo::to_string),
        appeal_type: Some(o.appeal_type),
        area: o.area,
        complexity: None,
        urgency: Some(Urgency::Normal),
        court_id: o.court_id,
    };
    register_order(app, &assistant(), input).await
}

/// 联络法官: registers the request and, when the directory names the judge, screens it as
/// simple and dispatches it to them.
pub(super) async fn contact_judge(
    app: &App,
    found: &StoredCase,
    case: &CaseNo,
    party: &str,
    phone: Option<&Phone>,
    channel: Channel,
    text: &str,
) -> Result<TurnReply, AppError> {
    let area = if case.is_enforcement() {
        Area::Enforcement
    } else {
        Area::Trial
    };
    let c = &found.case;
    let content = format!("当事人{party}请求联系承办法官（经虚拟坐席核实为本案当事人）：{text}");
    let order = new_order(
        app,
        NewOrder {
            name: party,
            phone,
            channel,
            content: &content,
            case: Some(case),
            appeal_type: AppealType::ContactJudge,
            area: Some(area),
            court_id: Some(c.court_id),
        },
    )
    .await?;
    let ctx = assistant();
    let judge = match c.judge_id {
        Some(judge) => Some(crate::org::staff_member(app, UserId(judge)).await?),
        None => None,
    };
    let department = c
        .department_id
        .or(judge.as_ref().and_then(|j| j.department_id.map(|d| d.0)));
    let routed = match (judge, department) {
        (Some(judge), Some(department)) => {
            let screen = ActionInput::Screen(bodies::Screen {
                valid: true,
                invalid_reason: None,
                appeal_type: Some(AppealType::ContactJudge),
                area: Some(area),
                complexity: Some(Complexity::Simple),
                urgency: Some(Urgency::Normal),
                note: Some("虚拟坐席核实当事人身份后转办承办法官".into()),
            });
            act(app, &ctx, order.id, screen).await?;
            let dispatch = ActionInput::Dispatch(bodies::Dispatch {
                court_id: c.court_id,
                department_id: department,
                handler_id: judge.id.0,
                note: Some("案件目录所载承办法官".into()),
            });
            act(app, &ctx, order.id, dispatch).await?;
            true
        }
        _ => false,
    };
    let judge_name = c.judge_name.clone().unwrap_or_else(|| "承办法官".into());
    let reply = if routed {
        format!(
            "已将您的联系请求（工单号{}）转给{judge_name}，法官将在规定时限内与您联系。",
            order.number
        )
    } else {
        format!(
            "已登记您的联系法官请求（工单号{}），将尽快转交承办法官与您联系。",
            order.number
        )
    };
    Ok(with_order(
        TurnReply::new(AssistantAction::ContactJudge, reply, 1.0),
        &order,
        Some(case),
    ))
}

/// 登记 an appeal stated by the caller (complaint, report, urging, suggestion).
pub(super) async fn register(
    app: &App,
    kind: AppealType,
    phone: &Phone,
    channel: Channel,
    text: &str,
    case: Option<CaseNo>,
) -> Result<TurnReply, AppError> {
    let name = match channel {
        Channel::Web => "网上群众",
        _ => "来电群众",
    };
    let order = new_order(
        app,
        NewOrder {
            name,
            phone: Some(phone),
            channel,
            content: text,
            case: case.as_ref(),
            appeal_type: kind,
            area: None,
            court_id: None,
        },
    )
    .await?;
    let reply = format!(
        "已为您登记{}（工单号{}），我们会在规定时限内处理并答复您。",
        kind.label(),
        order.number
    );
    Ok(with_order(
        TurnReply::new(AssistantAction::Register, reply, 1.0),
        &order,
        case.as_ref(),
    ))
}

fn with_order(mut reply: TurnReply, order: &WorkOrder, case: Option<&CaseNo>) -> TurnReply {
    reply.order_id = Some(order.id.0);
    reply.order_number = Some(order.number.clone());
    reply.case_number = case.map(CaseNo::to_string);
    reply
}
