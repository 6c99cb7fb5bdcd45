//! 提醒 who is told of an action: the person who now has something to do.

use super::{EventDraft, EventKind, WorkOrder};
use crate::codes::CallbackOutcome;
use crate::ids::{CourtId, DepartmentId, UserId};

/// Whom a notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    User(UserId),
    /// The heads of a department.
    HeadsOf(DepartmentId),
    /// The service office responsible for a court (the city's, when none).
    ServiceOffice(Option<CourtId>),
}

/// One in-app notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub to: Recipient,
    /// The event kind's code, for filtering.
    pub kind: &'static str,
    pub message: String,
}

/// The notices an action causes, given the order after it.
pub fn notices(order: &WorkOrder, event: &EventDraft) -> Vec<Notice> {
    let number = &order.number;
    let handler = order.assignment.handler_id.map(Recipient::User);
    let department = order.assignment.department_id.map(Recipient::HeadsOf);
    let office = Some(Recipient::ServiceOffice(order.assignment.court_id));
    let (to, message) = match event.kind {
        EventKind::Dispatched => (handler, format!("新转办工单待受理：{number}")),
        EventKind::Reassigned => (handler, format!("改派给您的工单待受理：{number}")),
        EventKind::Returned => (office, format!("工单被承办人退回，待重新转办：{number}")),
        EventKind::ExtensionRequested => (department, format!("延期申请待审批：{number}")),
        EventKind::ExtensionDecided => {
            let approved = event.data.get("approved").and_then(|v| v.as_bool()) == Some(true);
            let verdict = if approved { "已批准" } else { "未批准" };
            (handler, format!("延期申请{verdict}：{number}"))
        }
        EventKind::CallbackMade if order.satisfaction == Some(CallbackOutcome::Unsatisfied) => (
            handler,
            format!("回访不满意，请重办或申请不满意甄别：{number}"),
        ),
        EventKind::RatingDisputed => (office, format!("不满意甄别申请待处理：{number}")),
        EventKind::RatingRuled => (handler, format!("不满意甄别已有结论：{number}")),
        EventKind::Reopened => (handler, format!("工单重办：{number}")),
        _ => (None, String::new()),
    };
    to.map(|to| Notice {
        to,
        kind: event.kind.code(),
        message,
    })
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::order::EventDraft;

    fn decided(order: &WorkOrder, action: crate::order::Action) -> crate::order::Decision {
        let (calendar, policy) = (
            crate::time::Calendar::default(),
            crate::time::Policy::default(),
        );
        let settings = crate::order::Settings {
            calendar: &calendar,
            policy: &policy,
            policy_version: 1,
            max_callback_attempts: 3,
            warn_at: 0.75,
        };
        let now = crate::order::tests_support::at("2026-11-26T03:00:00Z");
        crate::order::decide(order, action, &crate::Actor::system(), now, &settings).unwrap()
    }

    #[test]
    fn a_dispatch_tells_the_handler_and_a_request_the_head() {
        use crate::codes::{AppealType, Complexity};
        use crate::order::{Action, DispatchTarget, Screening};
        let order = crate::order::tests_support::order();
        let screen = Action::Screen(Screening {
            valid: true,
            invalid_reason: None,
            appeal_type: Some(AppealType::Urging),
            area: None,
            complexity: Some(Complexity::Simple),
            urgency: None,
            note: None,
        });
        let screened = decided(&order, screen).order;
        let target = DispatchTarget {
            court_id: CourtId(1),
            department_id: DepartmentId(5),
            handler_id: UserId(9),
        };
        let dispatched = decided(&screened, Action::Dispatch(target));
        let told = notices(&dispatched.order, &dispatched.event);
        assert_eq!(told.len(), 1);
        assert_eq!(told[0].to, Recipient::User(UserId(9)));
        assert!(told[0].message.contains("SZ-20261126-0001"));
        let accepted = decided(&dispatched.order, Action::Accept).order;
        let asked = decided(
            &accepted,
            Action::RequestExtension {
                days: 3,
                reason: "核实".into(),
            },
        );
        assert_eq!(
            notices(&asked.order, &asked.event)[0].to,
            Recipient::HeadsOf(DepartmentId(5))
        );
    }

    #[test]
    fn nothing_to_tell_for_a_registration() {
        let draft = EventDraft::new(EventKind::Registered, None);
        let order = crate::order::tests_support::order();
        assert!(notices(&order, &draft).is_empty());
    }
}
