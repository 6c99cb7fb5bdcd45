//! What callers send: registrations and action bodies, parsed into domain values with
//! errors that name the field at fault.

use serde::Deserialize;
use tongban_domain::CourtId;
use tongban_domain::DomainError;

use crate::json::parse_json;
use tongban_domain::codes::{
    AppealType, Area, CallbackOutcome, Channel, Complexity, InvalidReason, Urgency,
};
use tongban_domain::order::{ActionName, Appellant, Classification, Registration};
use tongban_domain::values::{CaseNo, IdCardNo, Phone};

/// The appellant as sent.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppellantInput {
    pub name: String,
    /// Mobile (`13812345678`) or landline with area code (`0755-83535678`).
    pub phone: Option<String>,
    /// 18-character resident ID number, checked with its GB 11643 check character.
    pub id_number: Option<String>,
    pub address: Option<String>,
}

/// 登记 a new appeal, from any channel.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterInput {
    pub channel: Channel,
    pub appellant: AppellantInput,
    pub content: String,
    /// 案号, e.g. `(2026)粤0304民初1234号`.
    pub case_number: Option<String>,
    #[serde(rename = "type")]
    pub appeal_type: Option<AppealType>,
    pub area: Option<Area>,
    pub complexity: Option<Complexity>,
    /// `normal` when absent.
    pub urgency: Option<Urgency>,
    /// The receiving court (staff of a basic court always register for their own).
    pub court_id: Option<i64>,
}

fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl RegisterInput {
    /// The registration in domain values; the first bad field is named.
    pub fn parse(self) -> Result<Registration, DomainError> {
        let a = &self.appellant;
        let phone = optional(&a.phone)
            .map(Phone::parse)
            .transpose()
            .map_err(|e| e.for_field("appellant.phone"))?;
        let id_number = optional(&a.id_number)
            .map(IdCardNo::parse)
            .transpose()
            .map_err(|e| e.for_field("appellant.id_number"))?;
        let case_number = optional(&self.case_number).map(CaseNo::parse).transpose()?;
        Ok(Registration {
            channel: self.channel,
            appellant: Appellant {
                name: a.name.clone(),
                phone,
                id_number,
                address: optional(&a.address).map(str::to_string),
            },
            case_number,
            content: self.content,
            classification: Classification {
                appeal_type: self.appeal_type,
                area: self.area,
                complexity: self.complexity,
                urgency: self.urgency.unwrap_or(Urgency::Normal),
            },
            court_id: self.court_id.map(CourtId),
        })
    }
}

/// The bodies of the life-cycle actions, one per action.
pub mod bodies {
    use super::*;

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Screen {
        pub valid: bool,
        /// Required when not valid.
        pub invalid_reason: Option<InvalidReason>,
        /// Required when valid.
        #[serde(rename = "type")]
        pub appeal_type: Option<AppealType>,
        pub area: Option<Area>,
        /// Required when valid.
        pub complexity: Option<Complexity>,
        pub urgency: Option<Urgency>,
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Answer {
        pub text: String,
        /// Also close the order at once (当场答复办结).
        #[serde(default)]
        pub close: bool,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Dispatch {
        pub court_id: i64,
        pub department_id: i64,
        pub handler_id: i64,
        pub note: Option<String>,
    }

    /// A body with nothing but an optional note.
    #[derive(Debug, Clone, Default, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Note {
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Reply {
        pub text: String,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct RequestExtension {
        /// Working days, 1–30.
        pub days: u32,
        pub reason: String,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct DecideExtension {
        pub approve: bool,
        /// Fewer days than asked, when approving; all the days asked when absent.
        pub days: Option<u32>,
        pub note: Option<String>,
    }

    /// A body with a required reason (suspend, return, dispute a rating, reopen).
    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Reason {
        pub reason: String,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Reassign {
        pub handler_id: i64,
        /// The handler's department when absent.
        pub department_id: Option<i64>,
        /// The department's court when absent.
        pub court_id: Option<i64>,
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Callback {
        pub outcome: CallbackOutcome,
        pub note: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct RuleRating {
        /// true: the unsatisfied rating stands and the order is reopened;
        /// false: it is ruled unreasonable and left out of the satisfaction rate.
        pub reasonable: bool,
        pub note: Option<String>,
    }

    /// Merge into, or link to, another order.
    #[derive(Debug, Clone, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct Target {
        #[serde(alias = "into_id", alias = "order_id")]
        pub target_id: i64,
        pub note: Option<String>,
    }
}

/// An action with its parsed body.
#[derive(Debug, Clone)]
pub enum ActionInput {
    Screen(bodies::Screen),
    Answer(bodies::Answer),
    Dispatch(bodies::Dispatch),
    Accept(bodies::Note),
    Reply(bodies::Reply),
    RequestExtension(bodies::RequestExtension),
    DecideExtension(bodies::DecideExtension),
    Suspend(bodies::Reason),
    Resume(bodies::Note),
    Return(bodies::Reason),
    Reassign(bodies::Reassign),
    Callback(bodies::Callback),
    DisputeRating(bodies::Reason),
    RuleRating(bodies::RuleRating),
    Reopen(bodies::Reason),
    Merge(bodies::Target),
    Link(bodies::Target),
    Close(bodies::Note),
}

impl ActionInput {
    /// The action's body parsed according to its name.
    pub fn parse(name: ActionName, body: serde_json::Value) -> Result<ActionInput, DomainError> {
        let body = if body.is_null() {
            serde_json::json!({})
        } else {
            body
        };
        Ok(match name {
            ActionName::Screen => ActionInput::Screen(parse_json(body)?),
            ActionName::Answer => ActionInput::Answer(parse_json(body)?),
            ActionName::Dispatch => ActionInput::Dispatch(parse_json(body)?),
            ActionName::Accept => ActionInput::Accept(parse_json(body)?),
            ActionName::Reply => ActionInput::Reply(parse_json(body)?),
            ActionName::RequestExtension => ActionInput::RequestExtension(parse_json(body)?),
            ActionName::DecideExtension => ActionInput::DecideExtension(parse_json(body)?),
            ActionName::Suspend => ActionInput::Suspend(parse_json(body)?),
            ActionName::Resume => ActionInput::Resume(parse_json(body)?),
            ActionName::Return => ActionInput::Return(parse_json(body)?),
            ActionName::Reassign => ActionInput::Reassign(parse_json(body)?),
            ActionName::Callback => ActionInput::Callback(parse_json(body)?),
            ActionName::DisputeRating => ActionInput::DisputeRating(parse_json(body)?),
            ActionName::RuleRating => ActionInput::RuleRating(parse_json(body)?),
            ActionName::Reopen => ActionInput::Reopen(parse_json(body)?),
            ActionName::Merge => ActionInput::Merge(parse_json(body)?),
            ActionName::Link => ActionInput::Link(parse_json(body)?),
            ActionName::Close => ActionInput::Close(parse_json(body)?),
        })
    }
}
