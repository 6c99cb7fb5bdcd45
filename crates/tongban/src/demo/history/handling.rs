//! Handling a dispatched demo order: accept, extension, reply, callback, rating, close.

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use serde_json::json;
use tongban_domain::codes::{AppealType, Area, CallbackOutcome, Complexity};
use tongban_domain::order::{ActionName, WorkOrder};
use tongban_domain::org::{Court, DepartmentKind, Staff};

use super::{Seeder, Stage, action};
use crate::demo::content::Template;

impl Seeder<'_> {
    /// Dispatch, accept, reply, callback and close, as far as `stage`.
    pub(super) async fn handle(
        &mut self,
        template: &Template,
        order: &WorkOrder,
        court: &Court,
        office: &Staff,
        stage: Stage,
        mut at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let city = self.city;
        let id = order.id;
        let kind = department_kind(template);
        let department = city
            .department(court.id, kind)
            .filter(|d| !city.handlers_of(d.id).is_empty())
            .or_else(|| city.department(court.id, DepartmentKind::Filing))
            .expect("every court has a filing division");
        let handler = *self.pick(&city.handlers_of(department.id));
        at += Duration::minutes(self.rng.random_range(20..180));
        let route = json!({"court_id": court.id.0, "department_id": department.id.0, "handler_id": handler.id.0});
        if !self
            .step(at, office, id, action(ActionName::Dispatch, route))
            .await?
            || stage == Stage::Dispatched
        {
            return Ok(());
        }
        let late = self.chance(0.15);
        at += Duration::hours(if late {
            self.rng.random_range(30..120)
        } else {
            self.rng.random_range(1..8)
        });
        if !self
            .step(at, handler, id, action(ActionName::Accept, json!({})))
            .await?
        {
            return Ok(());
        }
        if template.complexity == Complexity::Complex && self.chance(0.15) {
            at += Duration::hours(self.rng.random_range(24..72));
            let request =
                json!({"days": 5, "reason": "需调取执行卷宗并与对方当事人核实情况，申请延期答复"});
            if self
                .step(
                    at,
                    handler,
                    id,
                    action(ActionName::RequestExtension, request),
                )
                .await?
                && let Some(head) = city.head_of(department.id).filter(|h| h.id != handler.id)
            {
                at += Duration::hours(self.rng.random_range(1..6));
                self.step(
                    at,
                    head,
                    id,
                    action(
                        ActionName::DecideExtension,
                        json!({"approve": true, "note": "同意延期"}),
                    ),
                )
                .await?;
            }
        }
        if stage == Stage::Accepted {
            return Ok(());
        }
        let days = match template.complexity {
            Complexity::Complex => self.rng.random_range(3..14),
            _ => self.rng.random_range(1..4),
        } + if late { 4 } else { 0 };
        at += Duration::hours(days * 24 + self.rng.random_range(0..8));
        if !self
            .step(
                at,
                handler,
                id,
                action(ActionName::Reply, json!({"text": template.reply})),
            )
            .await?
            || stage == Stage::Replied
        {
            return Ok(());
        }
        at += Duration::hours(self.rng.random_range(20..50));
        let outcome = match stage {
            Stage::Unsatisfied | Stage::Disputed => CallbackOutcome::Unsatisfied,
            _ => *self.pick(&[
                CallbackOutcome::Satisfied,
                CallbackOutcome::Satisfied,
                CallbackOutcome::Satisfied,
                CallbackOutcome::BasicallySatisfied,
                CallbackOutcome::BasicallySatisfied,
                CallbackOutcome::Unreachable,
            ]),
        };
        let attempts = if outcome == CallbackOutcome::Unreachable {
            3
        } else {
            1
        };
        for _ in 0..attempts {
            let body = json!({"outcome": outcome, "note": callback_note(outcome)});
            if !self
                .step(at, office, id, action(ActionName::Callback, body))
                .await?
            {
                return Ok(());
            }
            at += Duration::hours(3);
        }
        match stage {
            Stage::Unsatisfied => return Ok(()),
            Stage::Disputed => {
                at += Duration::hours(5);
                let reason = json!({"reason": "已按法律规定答复，诉求人不满意系对判决结果有异议，申请不满意甄别"});
                self.step(at, handler, id, action(ActionName::DisputeRating, reason))
                    .await?;
                return Ok(());
            }
            Stage::Rated => return Ok(()),
            _ => {}
        }
        at += Duration::hours(self.rng.random_range(1..10));
        self.step(
            at,
            office,
            id,
            action(ActionName::Close, json!({"note": "诉求已办结"})),
        )
        .await?;
        Ok(())
    }
}

fn department_kind(template: &Template) -> DepartmentKind {
    match (template.area, template.case_type.as_deref()) {
        (_, Some("刑初")) => DepartmentKind::Criminal,
        (_, Some("行初")) => DepartmentKind::Administrative,
        (Area::Filing, _) => DepartmentKind::Filing,
        (Area::Trial, _) => DepartmentKind::Civil,
        (Area::Enforcement | Area::JudicialAuction, _) => DepartmentKind::Enforcement,
        (Area::LitigationService | Area::Other, _) => match template.appeal_type {
            AppealType::Complaint | AppealType::Report => DepartmentKind::Filing,
            _ => DepartmentKind::LitigationService,
        },
    }
}

fn callback_note(outcome: CallbackOutcome) -> &'static str {
    match outcome {
        CallbackOutcome::Satisfied => "诉求人表示问题已解决，对答复满意",
        CallbackOutcome::BasicallySatisfied => "诉求人表示基本认可答复内容",
        CallbackOutcome::Unsatisfied => "诉求人对答复不满意，认为问题未实际解决",
        CallbackOutcome::Unreachable => "电话无人接听",
    }
}
