//! Deciding a turn: the caller's intent (rules), then the knowledge base, the case directory
//! or an order; below the knowledge base's confidence threshold the virtual agent says it does
//! not know and hands over with a pre-filled order.

use chrono::TimeZone;
use tongban_domain::codes::{AppealType, Area, Channel};
use tongban_domain::hotline::{AssistantAction, Intent, find_case_number, intent_of};
use tongban_domain::time::{china, local_date};
use tongban_domain::values::{CaseNo, Phone};
use tongban_store::hotline::assistant::{SessionRow, TurnRow};
use tongban_store::hotline::cases::StoredCase;

use super::{Draft, TurnReply, orders};
use crate::hotline::cases::find;
use crate::{App, AppError};

/// What a hand-over on the portal asks the citizen to do.
const WEB_NEXT_STEP: &str = "请点击下方“转为网上诉求”，补充联系电话后提交，工作人员会联系您并答复；也可拨打 12368 转人工服务。";

/// After this many clarifications in a session the virtual agent hands over.
const MAX_CLARIFICATIONS: usize = 2;

/// Texts shorter than this are too vague to search: the virtual agent asks what is meant.
const MIN_QUESTION_CHARS: usize = 5;

pub(super) async fn decide(
    app: &App,
    session: &SessionRow,
    earlier: &[TurnRow],
    text: &str,
) -> Result<TurnReply, AppError> {
    let clarified = earlier
        .iter()
        .filter(|t| t.action == AssistantAction::Clarify.code())
        .count();
    let caller = session.caller.as_deref().and_then(|c| Phone::parse(c).ok());
    let channel = Channel::from_code(&session.channel).unwrap_or(Channel::Hotline);
    // A case number said in an earlier turn still counts.
    let remembered = || {
        earlier
            .iter()
            .rev()
            .find_map(|t| t.case_number.as_deref().and_then(|c| CaseNo::parse(c).ok()))
            .or_else(|| earlier.iter().rev().find_map(|t| find_case_number(&t.text)))
    };
    let summary = summary(earlier, text);
    // On the phone a person takes over the call; on the portal nobody is waiting, so the
    // citizen is led to the submission form, pre-filled with the draft.
    let next_step = match channel {
        Channel::Web => WEB_NEXT_STEP,
        _ => "正在为您转接人工服务，请稍候。",
    };
    let handover = |reason: &str, appeal_type: AppealType, area: Area, case: Option<&CaseNo>| {
        let reply = format!("{reason}{next_step}");
        let mut out = TurnReply::new(AssistantAction::Handover, reply, 1.0);
        out.case_number = case.map(CaseNo::to_string);
        out.draft = Some(Draft {
            appeal_type,
            area,
            summary: summary.clone(),
            case_number: case.map(CaseNo::to_string),
            phone: caller.as_ref().map(Phone::to_string),
            channel,
        });
        out
    };
    let clarify = |reply: &str| {
        if clarified >= MAX_CLARIFICATIONS {
            handover(
                "抱歉，我没能帮您解决。",
                AppealType::Consultation,
                Area::LitigationService,
                None,
            )
        } else {
            TurnReply::new(AssistantAction::Clarify, reply, 1.0)
        }
    };
    let intent = match intent_of(text) {
        Intent::CaseProgress(None) => Intent::CaseProgress(remembered()),
        Intent::ContactJudge(None) => Intent::ContactJudge(remembered()),
        other => other,
    };
    Ok(match intent {
        Intent::Handover => handover(
            "好的。",
            draft_type(text),
            Area::LitigationService,
            remembered().as_ref(),
        ),
        Intent::CaseProgress(None) | Intent::ContactJudge(None) => {
            clarify("请告诉我您的案号，例如“(2026)粤0304民初1234号”。")
        }
        Intent::CaseProgress(Some(case)) | Intent::ContactJudge(Some(case)) => {
            let wants_judge = matches!(intent_of(text), Intent::ContactJudge(_));
            let area = if case.is_enforcement() {
                Area::Enforcement
            } else {
                Area::Trial
            };
            let refuse = |reason: &str| {
                let appeal_type = if wants_judge {
                    AppealType::ContactJudge
                } else {
                    AppealType::Urging
                };
                handover(reason, appeal_type, area, Some(&case))
            };
            // Only the switch's caller number identifies a party: a number typed on the
            // portal proves nothing, and the web is not even told whether the case exists.
            if channel == Channel::Web {
                return Ok(refuse(
                    "为保护当事人信息，网上咨询无法核实您是否为本案当事人，案件情况不能在此告知。",
                ));
            }
            let Some(found) = find(app, &case).await? else {
                return Ok(clarify(&format!(
                    "案件目录中没有查到{case}，请核对案号后再说一遍。"
                )));
            };
            match caller.as_ref().and_then(|phone| party_name(&found, phone)) {
                None => refuse(
                    "为保护当事人信息，案件情况只能告知登记在案的当事人本人。您的来电号码不是该案当事人的登记号码，需由工作人员核实身份。",
                ),
                Some(name) if wants_judge => {
                    orders::contact_judge(app, &found, &case, &name, caller.as_ref(), channel, text)
                        .await?
                }
                Some(_) => progress(&found, &case),
            }
        }
        Intent::Register(kind) => match &caller {
            Some(phone) => orders::register(app, kind, phone, channel, text, remembered()).await?,
            None if channel == Channel::Web => handover(
                "您反映的事项需要登记后由工作人员办理。",
                kind,
                Area::LitigationService,
                remembered().as_ref(),
            ),
            None => clarify("为便于答复，请先告诉我您的联系电话。"),
        },
        Intent::Question => {
            let snapshot = app.knowledge().snapshot();
            let day = local_date(app.now());
            let hits = snapshot.search(text, 3, day);
            match hits.first() {
                Some(best) if best.confidence >= snapshot.threshold() => {
                    let mut out = TurnReply::new(
                        AssistantAction::Answer,
                        best.answer.clone(),
                        best.confidence,
                    );
                    out.entry_id = Some(best.id);
                    out
                }
                _ if text.chars().count() < MIN_QUESTION_CHARS => {
                    clarify("请您再具体说说想咨询或反映的事情。")
                }
                best => {
                    let area =
                        best.map_or(Area::LitigationService, |b| area_of_category(&b.category));
                    let mut out = handover(
                        "这个问题我暂时无法准确回答。",
                        draft_type(text),
                        area,
                        find_case_number(text).or_else(remembered).as_ref(),
                    );
                    out.confidence = best.map_or(0.0, |b| b.confidence);
                    out
                }
            }
        }
    })
}

/// The caller's name if their number is a party's in the case.
fn party_name(case: &StoredCase, phone: &Phone) -> Option<String> {
    case.parties
        .iter()
        .find(|p| p.phone.as_deref() == Some(phone.as_str()))
        .map(|p| p.name.clone())
}

fn progress(found: &StoredCase, case: &CaseNo) -> TurnReply {
    let c = &found.case;
    let mut reply = format!("您的案件{case}目前处于“{}”阶段", c.stage);
    if let Some(judge) = &c.judge_name {
        reply.push_str(&format!("，承办法官为{judge}"));
    }
    if let Some(at) = c
        .next_hearing
        .and_then(|ms| china().timestamp_millis_opt(ms).single())
    {
        reply.push_str(&format!(
            "，下次开庭时间为{}",
            at.format("%Y年%m月%d日 %H:%M")
        ));
    }
    reply.push_str("。如需联系法官，请说“联系法官”。");
    let mut out = TurnReply::new(
        tongban_domain::hotline::AssistantAction::CaseProgress,
        reply,
        1.0,
    );
    out.case_number = Some(case.to_string());
    out
}

/// The draft's type from the caller's words.
fn draft_type(text: &str) -> AppealType {
    if text.contains("投诉") {
        AppealType::Complaint
    } else if text.contains("举报") {
        AppealType::Report
    } else if text.contains("法官") {
        AppealType::ContactJudge
    } else if text.contains("催") || text.contains("进度") {
        AppealType::Urging
    } else {
        AppealType::Consultation
    }
}

/// The business area of a knowledge-base category.
fn area_of_category(category: &str) -> Area {
    if category.contains("执行") {
        Area::Enforcement
    } else if category.contains("拍") {
        Area::JudicialAuction
    } else if category.contains("立案") || category.contains("诉讼费") {
        Area::Filing
    } else if category.contains("审判") || category.contains("调解") {
        Area::Trial
    } else {
        Area::LitigationService
    }
}

/// What the caller said in the session so far (the last few turns), for the pre-filled order.
fn summary(earlier: &[TurnRow], text: &str) -> String {
    let mut parts: Vec<&str> = earlier
        .iter()
        .rev()
        .take(4)
        .map(|t| t.text.as_str())
        .collect();
    parts.reverse();
    parts.push(text);
    parts.join(" / ").chars().take(2_000).collect()
}
