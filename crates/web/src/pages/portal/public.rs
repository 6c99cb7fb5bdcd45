//! 办理进度 an order as its citizen sees it: the state in plain words, the steps with their
//! times (China time), the reply, the rating, and the rating form while the reply may be
//! rated. What the app's public view leaves out (internal notes, staff names) never gets here.

use askama::Template;
use askama_web::WebTemplate;
use tongban_app::portal::PublicView;
use tongban_domain::codes::CallbackOutcome;
use tongban_domain::order::Status;

use super::field::Field;
use super::frame::Frame;
use crate::pages::view::cst;

/// The state as a citizen understands it.
fn citizen_label(status: Status) -> &'static str {
    match status {
        Status::Registered => "已收到，待审查",
        Status::Screened => "审查通过，待转交办理",
        Status::Dispatched => "已转交承办部门",
        Status::Accepted => "正在办理",
        Status::Replied => "已答复，待评价",
        Status::Unsatisfied => "评价为不满意，正在处理",
        Status::RatingDisputed => "正在复核",
        Status::Rated => "已评价，待办结",
        Status::Closed => "已办结",
    }
}

pub struct Step {
    pub label: &'static str,
    pub at: String,
}

/// One choice of the rating form.
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/view.html")]
pub struct ViewPage {
    frame: Frame,
    csrf: String,
    number: String,
    /// Sent back in the rating form's hidden field.
    code: String,
    status: &'static str,
    registered: String,
    content: String,
    steps: Vec<Step>,
    reply: Option<String>,
    rating: Option<&'static str>,
    can_rate: bool,
    choices: Vec<Choice>,
    outcome: Field,
    comment: Field,
    notice: Option<&'static str>,
    error: Option<String>,
    max_comment: usize,
}

/// The longest comment with a rating.
pub const MAX_COMMENT: usize = 500;

impl ViewPage {
    pub fn new(csrf: String, view: PublicView, code: String) -> ViewPage {
        ViewPage {
            frame: Frame::new("办理进度", "/portal/track"),
            csrf,
            number: view.number,
            code,
            status: citizen_label(view.status),
            registered: cst(view.registered_at),
            content: view.content,
            steps: view
                .steps
                .into_iter()
                .map(|s| Step {
                    label: s.label,
                    at: cst(s.at),
                })
                .collect(),
            reply: view.reply,
            rating: view.rating.map(|r| r.label()),
            can_rate: view.can_rate,
            choices: Vec::new(),
            outcome: Field::new("outcome", ""),
            comment: Field::new("comment", ""),
            notice: None,
            error: None,
            max_comment: MAX_COMMENT,
        }
        .with_rating("", "", None)
    }

    /// The rating form filled in as sent, with the message of the field at fault.
    pub fn with_rating(
        mut self,
        outcome: &str,
        comment: &str,
        fault: Option<(&'static str, String)>,
    ) -> ViewPage {
        let fault = fault.as_ref();
        self.choices = CallbackOutcome::ALL
            .iter()
            .filter(|o| o.is_rating())
            .map(|o| Choice {
                code: o.code(),
                label: o.label(),
                checked: o.code() == outcome,
            })
            .collect();
        self.outcome = Field::new("outcome", outcome).checked(fault);
        self.comment = Field::new("comment", comment).checked(fault);
        self
    }

    pub fn with_notice(self, notice: &'static str) -> ViewPage {
        ViewPage {
            notice: Some(notice),
            ..self
        }
    }

    pub fn with_error(self, error: impl Into<String>) -> ViewPage {
        ViewPage {
            error: Some(error.into()),
            ..self
        }
    }
}
